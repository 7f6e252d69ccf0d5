// Lesson 5's echo exchange and its judgement: pure functions over what a peer received.
import { formatBytes } from '../../../grader/net/transcript.ts';
import type { ReadResult, TcpPeer } from '../../../grader/net/tcp-peer.ts';

/** How long a reply may go without progress before we conclude it is not coming. */
export const REPLY_IDLE_MS = 3000;

export type EchoProblem =
  | { kind: 'wrong-bytes'; offset: number; expected: number; got: number; received: number }
  | { kind: 'short'; received: number; outcome: Exclude<ReadResult['outcome'], 'complete'> };

/** Compares what came back with what was sent; undefined means a perfect echo. */
export function judgeEcho(sent: Buffer, got: ReadResult): EchoProblem | undefined {
  const n = Math.min(sent.length, got.data.length);
  for (let i = 0; i < n; i++) {
    if (sent[i] !== got.data[i]) return { kind: 'wrong-bytes', offset: i, expected: sent[i]!, got: got.data[i]!, received: got.data.length };
  }
  if (got.outcome === 'complete') return undefined;
  return { kind: 'short', received: got.data.length, outcome: got.outcome };
}

const ENDINGS = {
  fin: 'then the server closed the connection (FIN)',
  rst: 'then the connection was reset (RST)',
  closed: 'then the connection closed',
  timeout: `then nothing more for ${REPLY_IDLE_MS / 1000} s`,
} as const;

/** The "saw" part of a failure: what came back, in words. */
export function describeEchoProblem(problem: EchoProblem, sentBytes: number): string {
  if (problem.kind === 'wrong-bytes') {
    const byte = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
    return `byte ${problem.offset} of the echo was ${byte(problem.got)} where ${byte(problem.expected)} was sent; the bytes before it were right`;
  }
  if (problem.received === 0 && problem.outcome === 'timeout') return `nothing came back within ${REPLY_IDLE_MS / 1000} s`;
  const got = problem.received === 0 ? 'nothing' : `${formatBytes(problem.received)} of the ${formatBytes(sentBytes)}`;
  return `${got}, ${ENDINGS[problem.outcome]}`;
}

/** Sends one message and reads back as many bytes as were sent. */
export async function exchange(peer: TcpPeer, message: Buffer): Promise<EchoProblem | undefined> {
  peer.send(message);
  return judgeEcho(message, await peer.read(message.length, REPLY_IDLE_MS));
}

/** A printable line of random length, so a failure can be replayed with the same --seed. */
export function randomLine(rng: { int(a: number, b: number): number; text(n: number): string }, min = 1, max = 120): Buffer {
  return Buffer.from(`${rng.text(rng.int(min, max))}\n`);
}
