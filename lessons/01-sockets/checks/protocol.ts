// Lesson 1's protocol as pure functions: the token, where the greeting is split, how a reply line
// is read, and the verdict the reference server sends. The checks judge with the same functions,
// so what the server tells the client and what the report says never disagree.

export const TOKEN_LENGTH = 16;
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random token of letters and digits, and how many of its characters go in the greeting's first segment. */
export function makeToken(rng: { int(min: number, max: number): number }): { token: string; split: number } {
  let token = '';
  for (let i = 0; i < TOKEN_LENGTH; i++) token += ALPHANUMERIC[rng.int(0, ALPHANUMERIC.length - 1)];
  // Well inside the token: a client that takes one read for the line gets a visibly short token.
  return { token, split: rng.int(4, TOKEN_LENGTH - 4) };
}

/** The reply's first word (up to the first space) and whatever follows that space. */
export function splitReply(line: string): { first: string; rest: string | undefined } {
  const space = line.indexOf(' ');
  return space === -1 ? { first: line, rest: undefined } : { first: line.slice(0, space), rest: line.slice(space + 1) };
}

export type TokenProblem =
  | { kind: 'empty' }
  /** Exactly the part of the token sent before the pause: one read taken for the whole line. */
  | { kind: 'first-part'; got: string }
  | { kind: 'crlf' }
  | { kind: 'greeting-echoed'; got: string }
  | { kind: 'other'; got: string };

/** Judges the reply's first word against the token; undefined when it is exactly the token. */
export function judgeToken(line: string, token: string, split: number): TokenProblem | undefined {
  const { first } = splitReply(line);
  if (first === token) return undefined;
  if (line === '') return { kind: 'empty' };
  if (first === `${token}\r`) return { kind: 'crlf' };
  if (first === token.slice(0, split)) return { kind: 'first-part', got: first };
  if (first === 'HELLO' || first.startsWith('HELLO')) return { kind: 'greeting-echoed', got: first };
  return { kind: 'other', got: first };
}

export interface PortFacts {
  /** The client's port as the server's accept() saw it. */
  peerPort: number;
  serverPort: number;
  /** The kernel's ephemeral range, when it can be read. */
  range?: [number, number];
}

export type PortProblem =
  | { kind: 'missing' }
  | { kind: 'crlf' }
  /** "undefined", "None", "null", "NaN": a value read before there was one. */
  | { kind: 'no-value'; got: string }
  | { kind: 'not-a-number'; got: string }
  | { kind: 'server-port'; got: number }
  | { kind: 'wrong-port'; got: number }
  | { kind: 'not-ephemeral'; got: number; range: [number, number] };

/** Judges what follows the reply's first space as this connection's port; undefined when it is right. */
export function judgePort(line: string, facts: PortFacts): PortProblem | undefined {
  const { rest } = splitReply(line);
  if (rest === undefined || rest === '') return { kind: 'missing' };
  if (/^\d+\r$/.test(rest)) return { kind: 'crlf' };
  if (/^(?:undefined|None|null|NaN)$/.test(rest)) return { kind: 'no-value', got: rest };
  if (!/^\d{1,5}$/.test(rest)) return { kind: 'not-a-number', got: rest };
  const got = Number(rest);
  if (got !== facts.peerPort) return got === facts.serverPort ? { kind: 'server-port', got } : { kind: 'wrong-port', got };
  const range = facts.range;
  if (range && (got < range[0] || got > range[1])) return { kind: 'not-ephemeral', got, range };
  return undefined;
}

/** A received text, quoted for a verdict line or a message: cut short, control characters visible. */
export function quote(text: string, max = 40): string {
  const visible = text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return `"${visible.length > max ? `${visible.slice(0, max)}…` : visible}"`;
}

/** The verdict line the reference server sends (without its newline): the token first, then the port. */
export function verdictFor(line: string, token: string, split: number, facts: PortFacts): string {
  const tokenProblem = judgeToken(line, token, split);
  if (tokenProblem) return `WRONG token: expected ${token}, got ${quote(splitReply(line).first)}`;
  const portProblem = judgePort(line, facts);
  if (!portProblem) return 'OK';
  switch (portProblem.kind) {
    case 'missing':
      return 'WRONG port: no port after the token';
    case 'crlf':
      return 'WRONG port: the line ends in \\r\\n, send \\n alone';
    case 'no-value':
    case 'not-a-number':
      return `WRONG port: ${quote(portProblem.got)} is not a port number`;
    case 'server-port':
      return `WRONG port: ${portProblem.got} is the server's port, not yours`;
    case 'wrong-port':
      return `WRONG port: your connection comes from port ${facts.peerPort}, not ${portProblem.got}`;
    case 'not-ephemeral':
      return `WRONG port: ${portProblem.got} is outside the ephemeral range ${portProblem.range[0]}-${portProblem.range[1]}; let connect() choose`;
  }
}
