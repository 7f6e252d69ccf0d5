// Talking to one fresh copy of the program: connecting to it, reading a line (cut short on the
// kernel's evidence that none is coming), and the answer behind an optional WELCOME line.
import { activeNow, crashVerdict, describeExit, describeServerSide, formatBytes, previewBytes, readReply, sleep, type Harness, type Program, type ReadResult, type StreamPeer, type Verdict, type Watched } from '../../../grader/sdk.ts';
import { MAX_SHORT_ANSWER, REPLY_IDLE_MS } from './protocol.ts';

export interface LineRead extends ReadResult {
  /** Set when the wait ended early because the program sat idle: what it was doing. */
  evidence?: string;
}

export interface Answer {
  /** The answer line, newline included, when one came. */
  line?: string;
  /** What the read that should have brought the answer got. */
  read: LineRead;
  /** The WELCOME line skipped in front of the answer, if there was one. */
  greeting?: Buffer;
}

const NEWLINE = 0x0a;

export function isLine(read: ReadResult): boolean {
  return read.data.length > 0 && read.data[read.data.length - 1] === NEWLINE;
}

/**
 * Reads one line. The wait for its first byte ends early once the kernel shows the program asleep
 * with nothing sent; once it has begun, the rest gets the plain bound. (readReply watches a read of
 * n bytes only: a line of unknown length is read in these two steps.) `watched` is the harness, or
 * one program of several with its own kernel view (kernelFor).
 */
export async function readLineWatched(peer: StreamPeer, watched: Watched, maxBytes = MAX_SHORT_ANSWER): Promise<LineRead> {
  const { got: first, evidence } = await readReply(peer, 1, { idleMs: REPLY_IDLE_MS, totalMs: Infinity }, watched);
  if (first.outcome !== 'complete') return evidence ? { ...first, evidence } : first;
  if (first.data[0] === NEWLINE) return first;
  const rest = await peer.readLine(REPLY_IDLE_MS, maxBytes - 1);
  return { data: Buffer.concat([first.data, rest.data]), outcome: rest.outcome };
}

/** Pure: is this line the greeting the other checks skip (WELCOME, however it ends)? */
export function isGreeting(data: Buffer): boolean {
  return data.subarray(0, 7).toString('latin1') === 'WELCOME' && data[data.length - 1] === NEWLINE;
}

/** Reads the answer line, skipping one WELCOME line in front of it: only greets-first judges the greeting. */
export async function readAnswer(peer: StreamPeer, watched: Watched): Promise<Answer> {
  const first = await readLineWatched(peer, watched);
  const greeted = isLine(first) && isGreeting(first.data);
  const read = greeted ? await readLineWatched(peer, watched) : first;
  return {
    read,
    ...(isLine(read) ? { line: read.data.toString('utf8') } : {}),
    ...(greeted ? { greeting: first.data } : {}),
  };
}

/** What came instead of an answer line, in words: the bytes, how the stream ended, the kernel's and the program's state. */
export function describeNoAnswer(answer: Answer, program: Program, h: Harness, peer: StreamPeer): string {
  const { data, outcome, evidence } = answer.read;
  const before = answer.greeting ? 'WELCOME arrived; then ' : '';
  const got = data.length === 0 ? 'nothing came back' : `${formatBytes(data.length)} came back ("${previewBytes(data, 60)}") with no newline`;
  const ending = {
    complete: ` after ${formatBytes(MAX_SHORT_ANSWER)}`,
    fin: ', then your program closed the connection (FIN)',
    rst: ', then the connection was reset (RST)',
    closed: ', then the connection closed',
    timeout: evidence ? `: ${evidence}` : ` within ${REPLY_IDLE_MS / 1000} s; ${describeServerSide(h.kernel.serverSide(peer, program.port))}`,
    deadline: ` within ${REPLY_IDLE_MS / 1000} s`,
  }[outcome];
  const exit = program.exitInfo();
  return `${before}${got}${ending}${exit ? `; your program ${describeExit(exit)}` : ''}`;
}

/**
 * Connects to this program. Without /proc the harness retries a refusal for a check's first client
 * only (a port bound but not yet listening); a check that starts several programs needs it for each.
 */
export async function connectTo(h: Harness, program: Program, name: string): Promise<StreamPeer> {
  const target = { host: program.host, port: program.port };
  if (h.kernel.available) return h.connect(name, target);
  const deadline = activeNow() + 2000;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const peer = await h.tryConnect(name, target);
    if ('localPort' in peer) return peer;
    if (peer.code !== 'ECONNREFUSED' || program.exitInfo() || activeNow() > deadline) return h.connect(name, target);
    await sleep(pause);
  }
}

/**
 * Stops the check's programs before the harness closes its peers, when the verdict is not a pass:
 * a program still waiting on the connection would react to that close (a BrokenPipeError, say),
 * and the last lines shown with the failure would tell what the teardown did, not what the check saw.
 */
export async function stopBeforeTeardown(verdict: Verdict, ...programs: Program[]): Promise<Verdict> {
  if (verdict.status !== 'pass') await Promise.all(programs.filter((p) => !p.exitInfo()).map((p) => p.stop()));
  return verdict;
}

/**
 * crashVerdict, with this check's own expectation: the SDK's "your program to go on running" does
 * not fit a program that is meant to end after its one client (by itself, not by crashing).
 */
export async function judgeCrash(program: Program, did: string, expected: string): Promise<Verdict | undefined> {
  const crashed = await crashVerdict(program, did);
  return crashed?.status === 'fail' ? { ...crashed, details: { ...crashed.details, expected } } : crashed;
}
