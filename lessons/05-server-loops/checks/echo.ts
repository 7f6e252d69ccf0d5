// Lesson 5's echo: the reply to a message is the message itself; bounds and causes shared by the checks.
import { advise, describeReplyProblem, exchange, type Harness, type ReplyProblem, type StreamPeer, type Watched } from '../../../grader/sdk.ts';

/** How long an echo may go without progress, and how long one check's echoing may take in all. */
export const ECHO_BOUNDS = { idleMs: 2000, totalMs: 10_000 };

/** Sends a message and judges its echo; with `h`, a program that sits idle instead of answering is concluded on early. */
export function echo(peer: StreamPeer, message: Buffer, h?: Watched, totalMs = ECHO_BOUNDS.totalMs): Promise<ReplyProblem | undefined> {
  return exchange(peer, message, message, { idleMs: ECHO_BOUNDS.idleMs, totalMs }, h);
}

export function describeEcho(problem: ReplyProblem, sentBytes: number): string {
  return describeReplyProblem(problem, sentBytes, ECHO_BOUNDS, 'the echo');
}

/** A printable line of random length, so a failure can be replayed with the same --seed. */
export function randomLine(rng: Harness['rng'], min = 1, max = 120): Buffer {
  return Buffer.from(`${rng.text(rng.int(min, max))}\n`);
}

/** Part of the message never came back: TCP lost nothing, so the program never wrote those bytes. */
export function lostCause(h: Pick<Harness, 'language'>): string {
  return `TCP delivers every byte that was written, so your program never wrote these bytes back: ${advise(h.language, {
    node: 'write every chunk you receive, each exactly once (socket.write(chunk) queues all of it); look for a chunk dropped on a condition, or a write that was skipped',
    python: 'send() may take fewer bytes than asked and returns how many; use sendall(), which loops until every byte is written',
  })}`;
}

export function reorderedCause(h: Pick<Harness, 'language'>): string {
  return advise(h.language, {
    node: 'write each chunk back in the order it arrived, at once in the \'data\' handler: an async handler that awaits before it writes lets a later chunk overtake an earlier one',
    python: 'write each chunk back in the order it arrived, before you read the next one',
  });
}

/** The cause when bytes came back changed or added to, which no echo server should do. */
export function alteredCause(problem: ReplyProblem, h: Pick<Harness, 'language'>): string {
  if (problem.kind === 'wrong-bytes' && problem.replacementChar) {
    return `your program decoded the bytes as text and encoded them again: bytes that are not valid UTF-8 became U+FFFD. Echo the bytes as they came: ${advise(h.language, { node: 'write the Buffer itself, no toString()', python: 'send the bytes object itself, no .decode()' })}`;
  }
  return 'the echo must be the very bytes received: write back each chunk exactly as it came, without decoding, trimming or adding anything (no newline, no prompt, no second copy)';
}

/** Which cause a failed echo points to, for the kinds every check words the same way. */
export function commonCause(problem: ReplyProblem, h: Pick<Harness, 'language'>): string | undefined {
  if (problem.kind === 'gap') return lostCause(h);
  if (problem.kind === 'reordered') return reorderedCause(h);
  if (problem.kind === 'wrong-bytes' || problem.kind === 'extra-bytes') return alteredCause(problem, h);
  return undefined;
}
