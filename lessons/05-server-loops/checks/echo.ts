// Lesson 5's echo exchange and its judgement: pure functions over what a peer received.
import { formatBytes, previewBytes } from '../../../grader/net/transcript.ts';
import type { ReadResult, TcpPeer } from '../../../grader/net/tcp-peer.ts';

/** How long a reply may go without progress before we conclude it is not coming. */
export const REPLY_IDLE_MS = 3000;
/** How long a whole check's echoing may take: an echo server answers in milliseconds. */
export const ECHO_BUDGET_MS = 10_000;

export type EchoProblem =
  | { kind: 'wrong-bytes'; offset: number; expected: number; got: number; received: number }
  | { kind: 'gap'; offset: number; missing: number }
  | { kind: 'extra-bytes'; extra: Buffer }
  | { kind: 'short'; received: number; outcome: Exclude<ReadResult['outcome'], 'complete'> };

/** How many echoed bytes must match a later stretch of the message to call a mismatch a gap. */
const GAP_PROBE_BYTES = 32;

/** Compares what came back with what was sent; `after` is whatever had already arrived behind it. Undefined means a perfect echo. */
export function judgeEcho(sent: Buffer, got: ReadResult, after: Buffer = Buffer.alloc(0)): EchoProblem | undefined {
  const n = Math.min(sent.length, got.data.length);
  for (let i = 0; i < n; i++) {
    if (sent[i] === got.data[i]) continue;
    // The echo may go on with bytes from further on: then a stretch was dropped, not changed.
    const next = got.data.subarray(i, i + GAP_PROBE_BYTES);
    const resumed = next.length === GAP_PROBE_BYTES ? sent.indexOf(next, i + 1) : -1;
    if (resumed > i) return { kind: 'gap', offset: i, missing: resumed - i };
    return { kind: 'wrong-bytes', offset: i, expected: sent[i]!, got: got.data[i]!, received: got.data.length };
  }
  if (got.outcome !== 'complete') return { kind: 'short', received: got.data.length, outcome: got.outcome };
  if (after.length > 0) return { kind: 'extra-bytes', extra: after };
  return undefined;
}

const ENDINGS = {
  fin: 'then the server closed the connection (FIN)',
  rst: 'then the connection was reset (RST)',
  closed: 'then the connection closed',
  timeout: `then nothing more for ${REPLY_IDLE_MS / 1000} s`,
  deadline: `and the rest was still coming after ${ECHO_BUDGET_MS / 1000} s`,
} as const;

/** The "saw" part of a failure: what came back, in words. */
export function describeEchoProblem(problem: EchoProblem, sentBytes: number): string {
  const byte = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
  if (problem.kind === 'wrong-bytes') {
    if (problem.offset === 0) return `the first byte of the echo was ${byte(problem.got)} where ${byte(problem.expected)} was sent`;
    return `byte ${problem.offset} of the echo was ${byte(problem.got)} where ${byte(problem.expected)} was sent; the bytes before it were right`;
  }
  if (problem.kind === 'gap') {
    return `${formatBytes(problem.missing)} of the message never came back: after byte ${problem.offset - 1} the echo went on with byte ${problem.offset + problem.missing}, so bytes ${problem.offset} to ${problem.offset + problem.missing - 1} are missing`;
  }
  if (problem.kind === 'extra-bytes') {
    const n = problem.extra.length;
    return `all ${formatBytes(sentBytes)} came back, followed by ${formatBytes(n)} that ${n === 1 ? 'was' : 'were'} never sent ("${previewBytes(problem.extra, 24)}")`;
  }
  if (problem.received === 0 && problem.outcome === 'timeout') return `nothing came back within ${REPLY_IDLE_MS / 1000} s`;
  if (problem.received === 0 && problem.outcome === 'deadline') return `nothing had come back when the check's ${ECHO_BUDGET_MS / 1000} s were up`;
  const got = problem.received === 0 ? 'nothing' : `${formatBytes(problem.received)} of the ${formatBytes(sentBytes)}`;
  return `${got}, ${ENDINGS[problem.outcome]}`;
}

/** The cause when part of what was sent never came back. */
export const LOST_CAUSE = 'part of the message was lost on the way back: a send may take fewer bytes than asked and returns how many; use sendall (Node: socket.write queues everything — keep writing every chunk and respect its return value with \'drain\')';

/** The cause when bytes came back changed or added to, which no echo server should do. */
export const ALTERED_CAUSE = 'the echo must be the very bytes received: write back each chunk exactly as it came, without decoding, trimming or adding anything (no newline, no prompt, no second copy)';

/** Sends one message and reads back as many bytes as were sent, then looks at what arrived behind them. */
export async function exchange(peer: TcpPeer, message: Buffer, totalMs = ECHO_BUDGET_MS): Promise<EchoProblem | undefined> {
  peer.send(message);
  const got = await peer.read(message.length, REPLY_IDLE_MS, totalMs);
  // Extra bytes usually arrive in the same segment as the echo; what arrives later shows as the next message's first bytes.
  const after = got.outcome === 'complete' ? (await peer.read(peer.pendingBytes, 0)).data : Buffer.alloc(0);
  return judgeEcho(message, got, after);
}

/** A printable line of random length, so a failure can be replayed with the same --seed. */
export function randomLine(rng: { int(a: number, b: number): number; text(n: number): string }, min = 1, max = 120): Buffer {
  return Buffer.from(`${rng.text(rng.int(min, max))}\n`);
}
