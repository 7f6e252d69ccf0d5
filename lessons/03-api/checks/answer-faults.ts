// What a wrong answer to one request means: a pure judgement over what came back (and when),
// and the likely cause of each fault, in the program's language.
import { advise, type Harness } from '../../../grader/sdk.ts';
import { computeAnswer, isRightAnswer, joinOperands, type Request } from './protocol.ts';

export type AnswerFault =
  | 'answered-early'
  | 'closed-early'
  | 'no-answer'
  | 'line-ending'
  | 'joinOperands'
  | 'rejects-negative'
  | 'wrong-sum'
  | 'wrong-repeat'
  | 'not-error';

export interface Observed {
  /** The answer line, newline included, if one came. */
  line?: string;
  /** Bytes that had arrived before the second piece of the request was sent. */
  earlyBytes: number;
  /** Bytes of the WELCOME line skipped in front of the answer (0 without one). */
  greetingBytes: number;
  /** The server had closed (FIN or RST) before the second piece was sent. */
  closedEarly: boolean;
}

/** Pure: undefined when the answer is right, else what is wrong with it. */
export function judgeAnswer(request: Request, seen: Observed): AnswerFault | undefined {
  if (seen.line !== undefined && isRightAnswer(request, seen.line)) return undefined;
  // Bytes beyond the greeting before the line was whole: an answer to the first piece.
  if (seen.earlyBytes > seen.greetingBytes && seen.line !== undefined) return 'answered-early';
  if (seen.line === undefined) return seen.closedEarly ? 'closed-early' : 'no-answer';
  const line = seen.line;
  const exact = computeAnswer(request);
  if (exact !== undefined && line.replace(/\s+$/, '') === exact.trimEnd()) return 'line-ending';
  if (request.kind === 'add') {
    if (line === `${joinOperands(request.a, request.b)}\n`) return 'joinOperands';
    if (line.startsWith('ERROR') && (request.a < 0n || request.b < 0n)) return 'rejects-negative';
    return 'wrong-sum';
  }
  if (request.kind === 'repeat') return 'wrong-repeat';
  return 'not-error';
}

/** "\"-4\" + \"10\" is \"-410\"", with the request's own operands. */
function showJoined(request: Request): string {
  const [a, b] = request.kind === 'add' ? [request.a, request.b] : [-4n, 10n];
  return `"${a}" + "${b}" is "${joinOperands(a, b)}", not ${a + b}`;
}

const readWholeLine = (h: Pick<Harness, 'language'>) =>
  advise(h.language, {
    node: 'keep the chunks from \'data\' in a buffer until it holds a \'\\n\', and answer the text before it (not socket.once(\'data\'), not the first chunk)',
    python: 'call recv() in a loop, adding to a buffer, until b"\\n" is in it (or recv() returns b""), and answer the text before the newline',
  });

/** The likely cause of one fault, in the program's language. */
export function explainFault(fault: AnswerFault, request: Request, h: Pick<Harness, 'language'>): string {
  switch (fault) {
    case 'answered-early':
      return `your server answered before the whole request line had arrived: it took the first piece for the line. TCP is a stream of bytes, and one read returns whatever has arrived so far, so ${readWholeLine(h)}`;
    case 'closed-early':
      return `your server closed the connection after the first piece of the line, without answering: one read returns whatever has arrived so far, not a line, so ${readWholeLine(h)}`;
    case 'no-answer':
      return `your server never sent an answer line: once the line's '\\n' has arrived, ${advise(h.language, {
        node: 'send the answer and the FIN with socket.end(answer(line)); a chunk may hold only part of the line, so buffer until \'\\n\'',
        python: 'send the answer with conn.sendall(answer(line)), then close; recv() may return only part of the line, so read until b"\\n"',
      })}; and every answer ends with '\\n'`;
    case 'line-ending':
      return 'the answer is right but ends wrongly: each answer is one line ending in "\\n" alone (no "\\r\\n", no extra spaces or lines)';
    case 'joinOperands':
      return `your server joined the operands as strings (${showJoined(request)}): convert them to numbers before you add, ${advise(h.language, {
        node: 'BigInt(a) + BigInt(b) (exact at any size), or Number(a) + Number(b) (exact up to 2^53 − 1)',
        python: 'int(a) + int(b)',
      })}`;
    case 'rejects-negative':
      return `your server answered ERROR to an ADD with a negative operand: a test such as ${advise(h.language, { node: '/^\\d+$/', python: 'str.isdigit()' })} rejects the minus sign. Accept an optional "-": ${advise(h.language, {
        node: 'match /^-?\\d+$/, then BigInt(a) + BigInt(b)',
        python: 'int() parses "-7" itself: try int(a) + int(b) and answer ERROR on ValueError',
      })}`;
    case 'wrong-sum':
      return `the sum is wrong: parse each operand whole (with its sign) and add exactly, ${advise(h.language, {
        node: 'BigInt(a) + BigInt(b); Number is exact up to 2^53 − 1 too, but bit operators such as | 0 cut a number to 32 bits',
        python: 'int(a) + int(b), printed as an integer (float() would print "6.0" and round large numbers)',
      })}`;
    case 'wrong-repeat':
      return `REPEAT n c is answered with exactly n copies of the character c, then "\\n": ${advise(h.language, { node: 'c.repeat(n) + \'\\n\'', python: 'c * n + "\\n"' })}, with n parsed as a number and c the single character after the second space`;
    case 'not-error':
      return 'a request that is neither ADD nor REPEAT gets one line starting with ERROR (say "ERROR unknown request\\n"): check the verb exactly, and answer everything else with ERROR';
  }
}
