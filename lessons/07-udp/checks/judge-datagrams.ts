// Pure judgement of datagrams against what was sent: one reply (echo, empty-datagram,
// large-datagram), and a burst judged as a multiset (boundaries). No sockets here.
import { formatAddress } from '../../../grader/sdk.ts';

export interface Received {
  data: Buffer;
  from: { address: string; port: number };
}

export type EchoProblem =
  | { kind: 'none' }
  /** The first bytes of what was sent, and no more: cut to a buffer's size. */
  | { kind: 'truncated'; size: number }
  /** A datagram sent earlier, come back again. */
  | { kind: 'repeat'; size: number; of: number }
  | { kind: 'wrong-bytes'; size: number; offset: number }
  | { kind: 'wrong-source'; from: string };

/** How one reply compares with the datagram it answers, sent to `to`; `earlier` are the datagrams sent before it. */
export function judgeEchoDatagram(sent: Buffer, got: Received | undefined, to: { address: string; port: number }, earlier: Buffer[] = []): EchoProblem | undefined {
  if (!got) return { kind: 'none' };
  if (!got.data.equals(sent)) {
    const size = got.data.length;
    const of = earlier.findIndex((d) => d.equals(got.data));
    if (of >= 0) return { kind: 'repeat', size, of: of + 1 };
    if (size < sent.length && sent.subarray(0, size).equals(got.data)) return { kind: 'truncated', size };
    return { kind: 'wrong-bytes', size, offset: firstDifference(sent, got.data) };
  }
  if (got.from.port !== to.port || got.from.address !== to.address) return { kind: 'wrong-source', from: formatAddress(got.from.address, got.from.port) };
  return undefined;
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** "1 byte", "60,000 bytes": datagrams are small enough to count exactly. */
export function formatSize(n: number): string {
  return n === 1 ? '1 byte' : `${n.toLocaleString('en-US')} bytes`;
}

/** "an empty datagram (0 bytes)" or "a datagram of 12 bytes". */
export function describeSize(size: number): string {
  return size === 0 ? 'an empty datagram (0 bytes)' : `a datagram of ${formatSize(size)}`;
}

export function listSizes(sizes: number[]): string {
  return sizes.length === 0 ? 'none' : sizes.map((n) => n.toLocaleString('en-US')).join(', ');
}

/** A datagram of a burst that matched none of those sent (or one already matched). */
export type Stray =
  | { kind: 'joined'; size: number; first: number; count: number }
  | { kind: 'piece'; size: number; of: number }
  | { kind: 'duplicate'; size: number; of: number }
  | { kind: 'unknown'; size: number };

export interface BurstJudgement {
  /** 1-based numbers of the datagrams sent that did not come back. */
  missing: number[];
  strays: Stray[];
}

/** A burst's replies as a multiset: every datagram sent comes back once, byte for byte, in any order. */
export function judgeBurst(sent: Buffer[], got: Buffer[]): BurstJudgement {
  const unmatched = new Set(sent.map((_, i) => i));
  const leftovers: Buffer[] = [];
  for (const g of got) {
    const i = [...unmatched].find((k) => sent[k]!.equals(g));
    if (i === undefined) leftovers.push(g);
    else unmatched.delete(i);
  }
  return { missing: [...unmatched].map((i) => i + 1), strays: leftovers.map((g) => classifyStray(sent, g)) };
}

function classifyStray(sent: Buffer[], g: Buffer): Stray {
  const size = g.length;
  const same = sent.findIndex((d) => d.equals(g));
  if (same >= 0) return { kind: 'duplicate', size, of: same + 1 };
  for (let first = 0; first < sent.length; first++) {
    let joined = 0;
    for (let count = 1; first + count <= sent.length && joined < size; count++) {
      joined += sent[first + count - 1]!.length;
      if (count > 1 && joined === size && Buffer.concat(sent.slice(first, first + count)).equals(g)) return { kind: 'joined', size, first: first + 1, count };
    }
  }
  const whole = sent.findIndex((d) => size > 0 && size < d.length && d.includes(g));
  if (whole >= 0) return { kind: 'piece', size, of: whole + 1 };
  return { kind: 'unknown', size };
}

/** What a stray is, in words: "datagrams 1 to 10 joined into one, in the order they were sent". */
export function describeStray(s: Stray): string {
  if (s.kind === 'joined') return `datagrams ${s.first} to ${s.first + s.count - 1} joined into one, in the order they were sent`;
  if (s.kind === 'piece') return `a piece of datagram ${s.of}`;
  if (s.kind === 'duplicate') return `a second copy of datagram ${s.of}`;
  return 'nothing that was sent';
}

/** What came back instead of the echo of a `sentSize`-byte datagram, in words. */
export function describeEchoProblem(problem: EchoProblem, sentSize: number, to: string, waitedMs: number): string {
  switch (problem.kind) {
    case 'none':
      return `no reply within ${waitedMs / 1000} s`;
    case 'truncated':
      return `${describeSize(problem.size)} came back: the first ${formatSize(problem.size)} of the ${formatSize(sentSize)} sent, the rest cut off`;
    case 'repeat':
      return `${describeSize(problem.size)} came back that is a second copy of datagram ${problem.of}, answered earlier`;
    case 'wrong-bytes':
      return problem.size === sentSize
        ? `${describeSize(problem.size)} came back, of the right size but different from byte ${problem.offset} on`
        : `${describeSize(problem.size)} came back instead of ${formatSize(sentSize)}, different from byte ${problem.offset} on`;
    case 'wrong-source':
      return `the same bytes came back, but from ${problem.from}, not from ${to}, the address the client sent to`;
  }
}
