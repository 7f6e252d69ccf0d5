// A request and its expected reply, judged as pure functions over what a peer received:
// echo is the identity case (the expected reply is the request).
import { formatBytes, previewBytes } from '../net/transcript.ts';
import type { ReadResult, StreamPeer } from '../net/stream-peer.ts';
import type { KernelView } from '../runner/kernel-view.ts';
import { watchForIdle } from './idle-evidence.ts';

export type ReplyProblem =
  | { kind: 'wrong-bytes'; offset: number; expected: number; got: number; received: number; replacementChar: boolean }
  | { kind: 'gap'; offset: number; missing: number }
  | { kind: 'reordered'; offset: number; length: number; foundAt: number }
  | { kind: 'extra-bytes'; extra: Buffer }
  | { kind: 'short'; received: number; outcome: Exclude<ReadResult['outcome'], 'complete'>; evidence?: string };

/** How many bytes must match a stretch elsewhere to call a mismatch a gap or a reordering. */
const PROBE_BYTES = 32;
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** Compares what came back with what was expected; `after` is whatever had already arrived behind it. */
export function judgeReply(expected: Buffer, got: ReadResult, after: Buffer = Buffer.alloc(0)): ReplyProblem | undefined {
  const data = got.data;
  const n = Math.min(expected.length, data.length);
  // The common case, all equal, in native code; the byte loop only finds where they part.
  const same = data.subarray(0, n).equals(expected.subarray(0, n));
  for (let i = 0; i < n && !same; i++) {
    if (expected[i] === data[i]) continue;
    const next = data.subarray(i, i + PROBE_BYTES);
    const resumed = next.length === PROBE_BYTES ? expected.indexOf(next, i + 1) : -1;
    if (resumed > i) {
      // The skipped stretch may still have come back, later: then nothing was lost, only reordered.
      const skipped = expected.subarray(i, Math.min(resumed, i + PROBE_BYTES));
      const foundAt = skipped.length === PROBE_BYTES || skipped.length === resumed - i ? data.indexOf(skipped, i + 1) : -1;
      if (foundAt > i) return { kind: 'reordered', offset: i, length: resumed - i, foundAt };
      return { kind: 'gap', offset: i, missing: resumed - i };
    }
    const replacementChar = data.subarray(i, i + 3).equals(REPLACEMENT);
    return { kind: 'wrong-bytes', offset: i, expected: expected[i]!, got: data[i]!, received: data.length, replacementChar };
  }
  if (got.outcome !== 'complete') return { kind: 'short', received: data.length, outcome: got.outcome };
  if (after.length > 0) return { kind: 'extra-bytes', extra: after };
  return undefined;
}

export interface ReplyBounds {
  /** How long the reply may go without progress. */
  idleMs: number;
  /** How long it may take in all. */
  totalMs: number;
}

const byte = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

/** The "saw" part of a failure: what came back, in words. `what` names the reply ("the echo"). */
export function describeReplyProblem(problem: ReplyProblem, expectedBytes: number, bounds: ReplyBounds, what = 'the reply'): string {
  switch (problem.kind) {
    case 'wrong-bytes': {
      const where = problem.offset === 0 ? `the first byte of ${what}` : `byte ${problem.offset} of ${what}`;
      const fffd = problem.replacementChar
        ? ` (0xef 0xbf 0xbd there is U+FFFD, the replacement character that decoding bytes as UTF-8 puts where they are not valid UTF-8)`
        : '';
      return `${where} was ${byte(problem.got)} where ${byte(problem.expected)} was expected${fffd}${problem.offset > 0 ? '; the bytes before it were right' : ''}`;
    }
    case 'gap': {
      const end = problem.offset + problem.missing - 1;
      if (problem.offset === 0) return `${what} began with byte ${problem.missing} of the message: bytes 0 to ${end} (${formatBytes(problem.missing)}) never came back`;
      return `${formatBytes(problem.missing)} of the message never came back: after byte ${problem.offset - 1}, ${what} went on with byte ${problem.offset + problem.missing}, so bytes ${problem.offset} to ${end} are missing`;
    }
    case 'reordered':
      return `every byte came back, but out of order: at byte ${problem.offset}, ${what} went on with byte ${problem.offset + problem.length}, and bytes ${problem.offset} to ${problem.offset + problem.length - 1} came later, at position ${problem.foundAt}`;
    case 'extra-bytes': {
      const n = problem.extra.length;
      return `all ${formatBytes(expectedBytes)} came back, followed by ${formatBytes(n)} that ${n === 1 ? 'was' : 'were'} never expected ("${previewBytes(problem.extra, 24)}")`;
    }
    case 'short': {
      const ending = {
        fin: 'then the server closed the connection (FIN)',
        rst: 'then the connection was reset (RST)',
        closed: 'then the connection closed',
        timeout: `then nothing more for ${bounds.idleMs / 1000} s`,
        deadline: `and the rest was still coming after ${bounds.totalMs / 1000} s`,
      }[problem.outcome];
      if (problem.evidence) return `${problem.received === 0 ? 'nothing came back' : `${formatBytes(problem.received)} of the ${formatBytes(expectedBytes)} came back, then nothing more`}: ${problem.evidence}`;
      if (problem.received === 0 && problem.outcome === 'timeout') return `nothing came back within ${bounds.idleMs / 1000} s`;
      if (problem.received === 0 && problem.outcome === 'deadline') return `nothing had come back after ${bounds.totalMs / 1000} s`;
      const got = problem.received === 0 ? 'nothing' : `${formatBytes(problem.received)} of the ${formatBytes(expectedBytes)}`;
      return `${got}, ${ending}`;
    }
  }
}

/** What lets a wait end early on kernel evidence: the check's kernel view and the program it waits on. */
export interface Watched {
  kernel: KernelView;
  program?: { pid: number; exitInfo(): unknown };
}

/**
 * Reads `n` bytes; with `watched`, the wait ends early once the kernel shows the program idle with
 * nothing sent (see idle-evidence.ts), and the result says what the program was doing.
 */
export async function readReply(peer: StreamPeer, n: number, bounds: ReplyBounds, watched?: Watched): Promise<{ got: ReadResult; evidence?: string }> {
  const watch = watched?.program ? watchForIdle(watched.kernel, watched.program, peer, () => peer.concludeNow()) : undefined;
  try {
    const got = await peer.read(n, bounds.idleMs, bounds.totalMs);
    const evidence = got.outcome === 'timeout' ? watch?.evidence() : undefined;
    return evidence ? { got, evidence } : { got };
  } finally {
    watch?.stop();
  }
}

/** Reads one line (up to and including '\n'); with `watched`, ends early on the kernel's evidence, as readReply does. */
export async function readLineReply(peer: StreamPeer, bounds: ReplyBounds & { maxBytes?: number }, watched?: Watched): Promise<{ got: ReadResult; evidence?: string }> {
  const watch = watched?.program ? watchForIdle(watched.kernel, watched.program, peer, () => peer.concludeNow()) : undefined;
  try {
    const got = await peer.readLine(bounds.idleMs, bounds.maxBytes, bounds.totalMs);
    const evidence = got.outcome === 'timeout' ? watch?.evidence() : undefined;
    return evidence ? { got, evidence } : { got };
  } finally {
    watch?.stop();
  }
}

/** Waits for the other side's FIN or RST; with `watched`, ends early once the program sits idle (it will not close). */
export async function waitForEndOrIdle(peer: StreamPeer, ms: number, watched?: Watched): Promise<{ end: 'fin' | 'rst' | 'timeout'; evidence?: string }> {
  const watch = watched?.program ? watchForIdle(watched.kernel, watched.program, peer, () => peer.concludeNow()) : undefined;
  try {
    const end = await peer.waitForEnd(ms);
    const evidence = end === 'timeout' ? watch?.evidence() : undefined;
    return evidence ? { end, evidence } : { end };
  } finally {
    watch?.stop();
  }
}

/** Sends a request and reads back as many bytes as the expected reply has, then what arrived behind them. */
export async function exchange(peer: StreamPeer, request: Buffer, expected: Buffer, bounds: ReplyBounds, watched?: Watched): Promise<ReplyProblem | undefined> {
  peer.send(request);
  const { got, evidence } = await readReply(peer, expected.length, bounds, watched);
  // Extra bytes usually arrive in the same segment as the reply; later ones show as the next reply's first bytes.
  const after = got.outcome === 'complete' ? (await peer.read(peer.pendingBytes, 0)).data : Buffer.alloc(0);
  const problem = judgeReply(expected, got, after);
  return problem?.kind === 'short' && evidence ? { ...problem, evidence } : problem;
}
