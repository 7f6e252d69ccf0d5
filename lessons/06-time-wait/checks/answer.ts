// Lesson 6's request and answer: one request line (TIME or WAIT), one line with the time back.
// Reading it, and saying in words what came instead of a line.
import { describeExit, formatBytes, type Since, previewBytes, type Harness, type Program, type ReadResult, type StreamPeer } from '../../../grader/sdk.ts';
import { readLineOrIdle } from './idle-watch.ts';

/** How long the answer may take; a correct server answers in microseconds. */
export const ANSWER_IDLE_MS = 2000;
/** An answer longer than this without a newline is not a line of time. */
const MAX_LINE_BYTES = 1024;

export type Answer =
  | { line: string }
  | { missing: ReadResult; evidence?: string };

/** Sends `request` and a newline, and reads the answer line. */
export async function ask(h: Harness, program: Program, peer: StreamPeer, request: 'TIME' | 'WAIT'): Promise<Answer> {
  peer.send(`${request}\n`);
  return readAnswer(h, program, peer);
}

/** Reads the answer line; with `watchIdle`, the wait ends early once the program is seen idle without answering. */
export async function readAnswer(h: Harness, program: Program, peer: StreamPeer, watchIdle = true): Promise<Answer> {
  const { got, evidence } = watchIdle
    ? await readLineOrIdle(h, program, peer, ANSWER_IDLE_MS, MAX_LINE_BYTES)
    : { got: await peer.readLine(ANSWER_IDLE_MS, MAX_LINE_BYTES), evidence: undefined };
  const complete = got.outcome === 'complete' && got.data.at(-1) === 0x0a;
  if (complete) return { line: got.data.toString('utf8').replace(/\r?\n$/, '') };
  return evidence ? { missing: got, evidence } : { missing: got };
}

/** What came instead of an answer line, in words: the bytes, how the stream ended, and the program's state. */
export function describeMissingAnswer(answer: Extract<Answer, { missing: ReadResult }>, program: Program, since?: Since): string {
  const { data, outcome } = answer.missing;
  const got = data.length === 0 ? 'nothing came back' : `${formatBytes(data.length)} came back ("${previewBytes(data, 60)}") without a newline`;
  const ending = {
    complete: `: ${formatBytes(MAX_LINE_BYTES)} and still no end of line`,
    fin: ', then your program closed the connection (FIN)',
    rst: ', then the connection was reset (RST)',
    closed: ', then the connection closed',
    timeout: answer.evidence ? `: ${answer.evidence}` : ` within ${ANSWER_IDLE_MS / 1000} s`,
    deadline: ` within ${ANSWER_IDLE_MS / 1000} s`,
  }[outcome];
  const exit = program.exitInfo();
  return `${got}${ending}${exit ? `; your program ${describeExit(exit, since, program.startedAt)}` : ''}`;
}
