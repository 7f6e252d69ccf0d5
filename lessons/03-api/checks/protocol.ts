// Lesson 3's protocol as the checks use it: the bounds, the requests they send (drawn from the
// seeded generator, so --seed replays them) and the answer each one must get. Pure: no sockets.
import type { Harness } from '../../../grader/sdk.ts';

/** How long any reply may go without a new byte. */
export const REPLY_IDLE_MS = 2000;
/** How long the 8 MiB answer may take in all, slow reading included. */
export const LARGE_TOTAL_MS = 10_000;
/** The server's FIN must follow its answer within this; the program must exit within this of the client's close. */
export const CLOSE_WITHIN_MS = 2000;
export const EXIT_WITHIN_MS = 2000;
/** The largest n a REPEAT may ask for (2^23): an 8 MiB answer. */
export const MAX_REPEAT = 2 ** 23;
export const GREETING = 'WELCOME\n';
/** An answer line longer than this without a newline is not one of this protocol's short answers. */
export const MAX_SHORT_ANSWER = 4096;

export type Request =
  | { kind: 'add'; line: string; a: bigint; b: bigint }
  | { kind: 'repeat'; line: string; n: number; c: string }
  | { kind: 'unknown'; line: string };

type Rng = Harness['rng'];

/** An integer of 1 to 15 digits (every such sum stays within ±(2^53 − 1)), as a BigInt. */
function drawMagnitude(rng: Rng): bigint {
  const digits = rng.int(1, 15);
  let text = String(rng.int(1, 9));
  for (let i = 1; i < digits; i++) text += String(rng.int(0, 9));
  return BigInt(text);
}

/** The two operands written side by side, what a program that joins strings sends. */
export function joinOperands(a: bigint, b: bigint): string {
  return `${a}${b}`;
}

/** ADD with at least one negative operand, whose sum differs from the operands written side by side. */
export function drawAdd(rng: Rng): Extract<Request, { kind: 'add' }> {
  for (let tries = 0; ; tries++) {
    const a = -drawMagnitude(rng);
    const b = rng.int(0, 2) === 0 ? -drawMagnitude(rng) : drawMagnitude(rng);
    const [x, y] = rng.int(0, 1) === 0 ? [a, b] : [b, a];
    // Practically never equal; the bound keeps the loop finite whatever the generator does.
    if (joinOperands(x, y) !== String(x + y) || tries >= 10) return { kind: 'add', line: `ADD ${x} ${y}`, a: x, b: y };
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function drawLetter(rng: Rng): string {
  return LETTERS[rng.int(0, LETTERS.length - 1)]!;
}

export function drawRepeat(rng: Rng, n = rng.int(2, 40)): Extract<Request, { kind: 'repeat' }> {
  const c = drawLetter(rng);
  return { kind: 'repeat', line: `REPEAT ${n} ${c}`, n, c };
}

const UNKNOWN = ['MULTIPLY 6 7', 'SUBTRACT 9 4', 'HELLO server', 'ECHO hello'];

export function drawUnknown(rng: Rng): Extract<Request, { kind: 'unknown' }> {
  return { kind: 'unknown', line: UNKNOWN[rng.int(0, UNKNOWN.length - 1)]! };
}

/** Where a request line is cut in two: inside its middle third, so both pieces hold part of the text. */
export function chooseSplit(line: string, rng: Rng): number {
  const low = Math.max(1, Math.ceil(line.length / 3));
  const high = Math.max(low, Math.min(line.length - 1, Math.floor((2 * line.length) / 3)));
  return rng.int(low, high);
}

/** The exact answer line (newline included), or undefined for a request any ERROR line answers. */
export function computeAnswer(request: Request): string | undefined {
  if (request.kind === 'add') return `${request.a + request.b}\n`;
  if (request.kind === 'repeat') return `${request.c.repeat(request.n)}\n`;
  return undefined;
}

/** How a request's answer reads in a message: the exact line, or "a line starting with ERROR". */
export function describeExpected(request: Request): string {
  const exact = computeAnswer(request);
  return exact === undefined ? 'a line starting with ERROR' : JSON.stringify(exact);
}

/** True when the line (newline included) answers the request as the protocol says. */
export function isRightAnswer(request: Request, line: string): boolean {
  const exact = computeAnswer(request);
  if (exact !== undefined) return line === exact;
  return line.startsWith('ERROR') && line.endsWith('\n') && line.indexOf('\n') === line.length - 1;
}
