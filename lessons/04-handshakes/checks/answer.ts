// Lesson 4's answer, "<byte count> <sha256 hex>\n": what it must be for a payload, and what a
// wrong one most likely means. Pure functions, unit-tested without sockets.
import { createHash } from 'node:crypto';
import { advise, formatBytes, previewBytes, type Harness } from '../../../grader/sdk.ts';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

type Lang = Pick<Harness, 'language'>;

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function expectedAnswer(payload: Buffer): string {
  return `${payload.length} ${sha256(payload)}\n`;
}

export type AnswerProblem =
  /** No '\n' ended the line: the server stopped (or closed) partway, or sent too much without one. */
  | { kind: 'unfinished'; text: Buffer }
  | { kind: 'format'; text: Buffer; why: string }
  | { kind: 'values'; text: Buffer; count: number; hash: string; countWrong: boolean; hashWrong: boolean }
  | { kind: 'extra'; text: Buffer; extra: Buffer };

const ANSWER = /^(\d+) ([0-9a-f]{64})\n$/;

/** Judges what came back after the FIN: `line` up to its '\n' (if one came), `extra` whatever arrived behind it. */
export function judgeAnswer(payload: Buffer, line: Buffer, extra: Buffer = Buffer.alloc(0)): AnswerProblem | undefined {
  if (line.at(-1) !== 0x0a) return { kind: 'unfinished', text: line };
  const text = line.toString('latin1');
  const m = ANSWER.exec(text);
  if (!m) return { kind: 'format', text: line, why: formatMistake(text) };
  const count = Number(m[1]);
  const hash = m[2]!;
  const countWrong = count !== payload.length;
  const hashWrong = hash !== sha256(payload);
  if (countWrong || hashWrong) return { kind: 'values', text: line, count, hash, countWrong, hashWrong };
  if (extra.length > 0) return { kind: 'extra', text: line, extra };
  return undefined;
}

/** Pure: what is wrong with the shape of a line that is not "<digits> <64 lowercase hex>\n". */
export function formatMistake(text: string): string {
  if (/\r\n$/.test(text)) return 'it ends in "\\r\\n": the line ends with "\\n" alone, no carriage return';
  const body = text.replace(/\n$/, '');
  if (/^\d+ [0-9a-fA-F]{64}$/.test(body)) return 'the hash is in upper-case hex: it must be lowercase';
  if (/^[0-9a-f]{64} \d+$/.test(body)) return 'the hash comes first: the byte count comes first, then a space, then the hash';
  if (/^\d+$/.test(body)) return 'it holds only a number: the hash is missing';
  if (/^[0-9a-fA-F]{64}$/.test(body)) return 'it holds only a hash: the byte count is missing';
  if (/^\s|\s$|\s\s/.test(body)) return 'it has extra spaces: exactly one space between the count and the hash, nothing before or after';
  const hashPart = /^\d+ (\S+)$/.exec(body)?.[1];
  if (hashPart && /^[A-Za-z0-9+/]{43}=$/.test(hashPart)) return 'the hash is in base64: it must be 64 hex digits';
  if (hashPart) return `the hash has ${hashPart.length} characters where 64 hex digits are expected`;
  return 'it is not "<byte count> <sha256 hex>"';
}

/** Pure: the count looks like characters of the payload decoded as UTF-8 (Python's len(str), or a JS string's .length), not bytes. */
export function countsCharacters(payload: Buffer, count: number): boolean {
  if (count >= payload.length) return false;
  const text = payload.toString('utf8');
  // Decoding chunk by chunk splits a few sequences: a little slack around the whole-payload figure.
  const slack = 8 + Math.ceil(payload.length / 1000);
  return [text.length, [...text].length].some((chars) => Math.abs(count - chars) <= slack);
}

/** Pure: the hash is that of the payload decoded as UTF-8 and encoded again. */
export function hashesDecodedText(payload: Buffer, hash: string): boolean {
  return hash === sha256(Buffer.from(payload.toString('utf8')));
}

/** The "saw" part: what came back, in words. `ending` says how the read stopped when no '\n' came. */
export function describeAnswerProblem(problem: AnswerProblem, payload: Buffer, ending = 'nothing more'): string {
  const said = `"${previewBytes(problem.text, 90)}"`;
  switch (problem.kind) {
    case 'unfinished':
      return `${said}, then ${ending}: no "\\n" ended the line`;
    case 'format':
      return `${said}: ${problem.why}`;
    case 'extra':
      return `the right answer, ${said}, followed by ${formatBytes(problem.extra.length)} more ("${previewBytes(problem.extra, 40)}")`;
    case 'values': {
      const count = problem.countWrong ? `the count says ${problem.count} where ${formatBytes(payload.length)} were sent` : 'the count is right';
      const hash = !problem.hashWrong ? 'the hash is right'
        : problem.hash === EMPTY_SHA256 ? 'the hash is that of no bytes at all (e3b0c442…b855)'
        : hashesDecodedText(payload, problem.hash) ? 'the hash is that of the bytes decoded as UTF-8 text and encoded again'
        : `the hash is not the SHA-256 of the bytes sent (${sha256(payload).slice(0, 16)}…)`;
      const chars = problem.countWrong && countsCharacters(payload, problem.count) ? `; ${problem.count} is about how many characters these bytes make when decoded as UTF-8` : '';
      return `${said}: ${count}, ${hash}${chars}`;
    }
  }
}

/** The likely cause in the student's code, in the program's language. */
export function answerCause(problem: AnswerProblem, payload: Buffer, h: Lang): string {
  if (problem.kind === 'unfinished') return 'the answer is one line: the count, a space, the hash, and "\\n"; write all of it before you close';
  if (problem.kind === 'format') return `the answer is exactly "<byte count> <sha256 hex>\\n", e.g. "5 2cf24dba…9824\\n" for "hello": ${advise(h.language, { node: 'socket.end(`${count} ${hash.digest(\'hex\')}\\n`)', python: 'conn.sendall(f"{count} {digest.hexdigest()}\\n".encode())' })}`;
  if (problem.kind === 'extra') return 'answer with exactly one line and nothing else: no second line, no greeting, no log line written to the socket';
  const asText = (problem.countWrong && countsCharacters(payload, problem.count)) || (problem.hashWrong && hashesDecodedText(payload, problem.hash));
  if (asText) {
    const changed = problem.countWrong && problem.hashWrong ? 'the count and the hash' : problem.countWrong ? 'the count' : 'the hash';
    return `your program treats the payload as text, but it is random bytes, most of them not valid UTF-8, and decoding turns those into U+FFFD, which changes ${changed}; ${advise(h.language, {
      node: 'keep each chunk a Buffer: hash.update(chunk) and count += chunk.length in \'data\' (body += chunk, chunk.toString() or a string\'s .length all decode)',
      python: 'keep the bytes as bytes: digest.update(chunk) and count += len(chunk) (no .decode(), and len() of the bytes, not of a str)',
    })}`;
  }
  if (problem.hashWrong && problem.hash === EMPTY_SHA256 && payload.length > 0) return 'the hash was never fed the bytes: update it with every chunk as it arrives, before the digest';
  if (problem.countWrong && !problem.hashWrong) return `the hash is right, so every byte arrived, but the count is not the number of bytes: add up the length of every chunk (${advise(h.language, { node: 'chunk.length', python: 'len(chunk)' })}), counting each chunk once`;
  return 'feed every chunk to the hash exactly once, in the order it arrived, as bytes (not decoded, not trimmed), and count the bytes of every chunk';
}
