// One client's side of lesson 4's conversation: send a payload in pieces, each once the program has
// read the one before (watching for anything the server sends back too soon), half-close, then read
// the answer line, with the kernel's evidence to end the wait early and its view of the server's
// reading to extend it fairly.
import { formatBytes, previewBytes, readReply, type Harness, type Program, type StreamPeer, canWatchPieces } from '../../../grader/sdk.ts';
import { judgeAnswer } from './answer.ts';
import { waitUntilTaken } from './piece-taken.ts';

/** How long the answer may take to start after the client's FIN, and to go on once started. */
export const ANSWER_WITHIN_MS = 2000;
/** The answer line is under 90 bytes; this much without a '\n' is not a line. */
export const MAX_LINE_BYTES = 256;
/** While the server is still taking in the payload (its receive queue shrinks), the 2 s start again, this many times at most. */
const MAX_WAITS = 5;

type Rng = Harness['rng'];

/** Pure: `count` pieces (fewer for a shorter payload) cut at random places, none empty. */
export function splitPayload(payload: Buffer, count: number, rng: Rng): Buffer[] {
  const n = Math.max(1, Math.min(count, payload.length));
  const cuts = new Set<number>();
  while (cuts.size < n - 1) cuts.add(rng.int(1, payload.length - 1));
  const ends = [...cuts].sort((a, b) => a - b).concat(payload.length);
  let start = 0;
  return ends.map((end) => payload.subarray(start, (start = end)));
}

/** Something the server sent, or its close, before the client had half-closed. */
export interface EarlyReply {
  /** How many pieces had been sent when it arrived, and how many bytes those were. */
  pieces: number;
  bytes: number;
  data: Buffer;
  ending?: 'fin' | 'rst' | 'closed';
}

/**
 * Sends each piece, then waits before the next one (or before the caller's FIN) until the kernel
 * shows the program has read it and is back to waiting, `pauseMs[i]` at most (without /proc, all of
 * it), reading meanwhile: it stops at the first byte, FIN or RST from the server and hands it back.
 */
export async function sendPieces(h: Pick<Harness, 'kernel'>, program: Program, peer: StreamPeer, pieces: Buffer[], pauseMs: number[], look: 'queue' | 'threads' = 'queue'): Promise<EarlyReply | undefined> {
  const watched = canWatchPieces(h);
  // Threads only: the program's side is looked up once, for its identity.
  const side = watched && look === 'threads' ? h.kernel.serverSide(peer, program.port) : undefined;
  let bytes = 0;
  for (let i = 0; i < pieces.length; i++) {
    peer.send(pieces[i]!);
    bytes += pieces[i]!.length;
    const pause = pauseMs[i] ?? pauseMs.at(-1)!;
    if (watched) await waitUntilTaken(h, program, peer, pause, side);
    // The wait is pacing and watch in one: nothing is expected, so any outcome but 'timeout' is news.
    // After the kernel's evidence a bound of 0 still takes in whatever the program has sent by then.
    const first = await peer.read(1, watched ? 0 : pause);
    if (first.outcome === 'timeout') continue;
    const rest = first.outcome === 'complete' ? await peer.readLine(200, MAX_LINE_BYTES) : first;
    const data = first.outcome === 'complete' ? Buffer.concat([first.data, rest.data]) : first.data;
    const ending = rest.outcome === 'fin' || rest.outcome === 'rst' || rest.outcome === 'closed' ? rest.outcome : undefined;
    return { pieces: i + 1, bytes, data, ...(ending ? { ending } : {}) };
  }
  return undefined;
}

/** What came back after the client's FIN. */
export interface Answer {
  /** Up to and including the first '\n', or whatever arrived before the read stopped. */
  line: Buffer;
  /** Bytes that had already arrived behind the line. */
  extra: Buffer;
  /** 'line' when a '\n' came; else what stopped the read ('long': MAX_LINE_BYTES without one). */
  end: 'line' | 'long' | 'fin' | 'rst' | 'closed' | 'timeout';
  /** When the wait was cut short: what the kernel showed the program doing. */
  evidence?: string;
}

/** Reads the answer line after the client's FIN, on the kernel's evidence where it has any. */
export async function readAnswer(peer: StreamPeer, h: Harness): Promise<Answer> {
  let lastUnread: number | undefined;
  for (let wait = 1; ; wait++) {
    const { got, evidence } = await readReply(peer, 1, { idleMs: ANSWER_WITHIN_MS, totalMs: Infinity }, h);
    if (got.outcome === 'complete') return readRestOfLine(peer, got.data);
    const end = got.outcome === 'deadline' ? 'timeout' : got.outcome;
    if (end !== 'timeout' || evidence || wait >= MAX_WAITS) return { line: got.data, extra: Buffer.alloc(0), end, ...(evidence ? { evidence } : {}) };
    // A slow reader still taking in the payload has not had the client's FIN yet, as far as it knows.
    const unread = h.kernel.serverSide(peer)?.rxQueue ?? 0;
    if (unread === 0 || unread === lastUnread) return { line: got.data, extra: Buffer.alloc(0), end };
    lastUnread = unread;
  }
}

async function readRestOfLine(peer: StreamPeer, first: Buffer): Promise<Answer> {
  const rest = first[0] === 0x0a ? { data: Buffer.alloc(0), outcome: 'complete' as const } : await peer.readLine(ANSWER_WITHIN_MS, MAX_LINE_BYTES - 1);
  const line = Buffer.concat([first, rest.data]);
  if (rest.outcome !== 'complete') return { line, extra: Buffer.alloc(0), end: rest.outcome === 'deadline' ? 'timeout' : rest.outcome };
  if (line.at(-1) !== 0x0a) return { line, extra: Buffer.alloc(0), end: 'long' };
  // Anything sent behind the line usually shares its segment: take what is already here.
  const extra = peer.pendingBytes > 0 ? (await peer.read(peer.pendingBytes, 0)).data : Buffer.alloc(0);
  return { line, extra, end: 'line' };
}

/** How a read that got no '\n' stopped, in words. */
export function describeEnd(end: Answer['end'], evidence?: string): string {
  switch (end) {
    case 'fin': return 'your server closed the connection (FIN)';
    case 'rst': return 'the connection was reset (RST)';
    case 'closed': return 'the connection closed';
    case 'long': return `${MAX_LINE_BYTES} bytes without a "\\n"`;
    case 'timeout': return evidence ?? `nothing for ${ANSWER_WITHIN_MS / 1000} s`;
    case 'line': return 'the end of the line';
  }
}

/** The server's reply or close before the client's FIN, in words; `payload` is the whole of what the client meant to send. */
export function describeEarly(early: EarlyReply, payload: Buffer, pieces: number): string {
  const when = `after piece ${early.pieces} of ${pieces} (${early.bytes} of the ${formatBytes(payload.length)} sent), before the client had half-closed`;
  const ending = early.ending === 'fin' ? 'closed its side (FIN)' : early.ending === 'rst' ? 'reset the connection (RST)' : early.ending === 'closed' ? 'closed the connection' : '';
  if (early.data.length === 0) return `${when}, your server ${ending} without answering`;
  const partial = judgeAnswer(payload.subarray(0, early.bytes), early.data) ? '' : `, the answer for those ${early.bytes} bytes alone`;
  return `${when}, your server sent "${previewBytes(early.data, 90)}"${partial}${ending ? `, and then ${ending}` : ''}`;
}
