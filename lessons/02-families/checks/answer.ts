// The one line each client of lesson 2 must get, and what went wrong when it got something else:
// pure functions of the bytes, how the stream ended and the client's own address, no sockets.
import type { ReadResult } from '../../../grader/sdk.ts';

export type Family = 'unix' | 'ipv4' | 'ipv6';

/** The client as it sees itself: its local address and port are what the server sees as its peer. */
export interface Client {
  family: Family;
  address: string;
  port: number;
}

/** How the stream ended, with the kernel's word on a FIN where it can tell a FIN from a reset. */
export type Ending = ReadResult['outcome'];
export type KernelEnd = 'fin' | 'rst' | 'unknown';

export type AnswerProblem =
  | { kind: 'silent'; end: Ending }
  | { kind: 'wrong-line'; line: string; end: Ending }
  | { kind: 'unterminated'; text: string; end: Ending }
  | { kind: 'extra'; extra: Buffer; end: Ending }
  | { kind: 'no-close' }
  | { kind: 'reset'; byKernel: boolean };

/** What a server's line names, in the wrong case: the likeliest slip behind it. */
export type LineHint = 'crlf' | 'unix-as-tcp' | 'unix-with-address' | 'mapped' | 'wrong-family' | 'no-brackets' | 'server-port' | 'wrong-address' | 'other';

/** The line the client must get: "unix", "ipv4 127.0.0.1:54321" or "ipv6 [::1]:54321", with its newline. */
export function expectedLine(client: Client): string {
  if (client.family === 'unix') return 'unix\n';
  const address = client.family === 'ipv6' ? `[${client.address}]` : client.address;
  return `${client.family} ${address}:${client.port}\n`;
}

/**
 * Judges everything the client read until the stream ended (or the bound ran out). A FIN the peer
 * saw counts as a reset when the kernel holds no socket of the server's for the connection any
 * more: an orderly close leaves the server's side in FIN_WAIT until the client closes too.
 */
export function judgeAnswer(expected: string, data: Buffer, end: Ending, kernel: KernelEnd = 'unknown'): AnswerProblem | undefined {
  if (data.length === 0) return end === 'fin' && kernel === 'rst' ? { kind: 'silent', end: 'rst' } : { kind: 'silent', end };
  const newline = data.indexOf(0x0a);
  if (newline === -1) return { kind: 'unterminated', text: data.toString('latin1'), end };
  const line = data.subarray(0, newline + 1).toString('latin1');
  if (line !== expected) return { kind: 'wrong-line', line, end };
  if (data.length > line.length) return { kind: 'extra', extra: data.subarray(line.length), end };
  if (end === 'rst') return { kind: 'reset', byKernel: false };
  if (end === 'fin' && kernel === 'rst') return { kind: 'reset', byKernel: true };
  if (end === 'fin' || end === 'closed') return undefined;
  return { kind: 'no-close' };
}

/** From the state of the server's side of the connection once the client saw a FIN: was it one? */
export function kernelEnd(available: boolean, serverState: string | undefined): KernelEnd {
  if (!available) return 'unknown';
  if (serverState === undefined) return 'rst';
  return ['FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'TIME_WAIT'].includes(serverState) ? 'fin' : 'unknown';
}

/** Splits "ipv4 127.0.0.1:54321" into its family word, address (brackets kept) and port. */
export function parseLine(line: string): { word: string; address?: string; port?: number } {
  const text = line.replace(/\r?\n$/, '');
  const space = text.indexOf(' ');
  if (space === -1) return { word: text };
  const rest = text.slice(space + 1);
  const colon = rest.lastIndexOf(':');
  const port = Number(rest.slice(colon + 1));
  if (colon === -1 || !/^\d+$/.test(rest.slice(colon + 1))) return { word: text.slice(0, space), address: rest };
  return { word: text.slice(0, space), address: rest.slice(0, colon), port };
}

/** The likeliest slip behind a wrong line, given the client and the server's own port. */
export function hintFor(client: Client, line: string, serverPort: number): LineHint {
  const expected = expectedLine(client);
  if (line.replace(/\r\n$/, '\n') === expected) return 'crlf';
  const { word, address, port } = parseLine(line);
  if (client.family === 'unix') {
    if (word === 'unix') return 'unix-with-address';
    return word === 'ipv4' || word === 'ipv6' || /undefined|null|None/.test(line) ? 'unix-as-tcp' : 'other';
  }
  if (address?.includes('::ffff:')) return 'mapped';
  if (word !== client.family) return 'wrong-family';
  if (client.family === 'ipv6' && address === client.address) return 'no-brackets';
  if (port === serverPort && port !== client.port) return 'server-port';
  const bare = address?.replace(/^\[(.*)\]$/, '$1');
  if (port === client.port && bare !== client.address) return 'wrong-address';
  return 'other';
}
