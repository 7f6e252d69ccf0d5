// A wrong answer of lesson 2, in the student's terms: what the client saw, and the likely cause in
// the program's own language. Pure: the kernel's words come in as text.
import { advise, previewBytes } from '../../../grader/sdk.ts';
import { expectedLine, hintFor, type AnswerProblem, type Client, type Ending, type LineHint } from './answer.ts';

type Language = Parameters<typeof advise>[0];

export const ANSWER_WITHIN_MS = 2000;

export interface AnswerContext {
  client: Client;
  serverPort: number;
  language: Language;
  /** The kernel's view of the server's side of the connection (or of the Unix listener), in words. */
  serverSide: string;
}

function quote(text: string): string {
  return `"${previewBytes(Buffer.from(text, 'latin1'), 80)}"`;
}

function endWords(end: Ending): string {
  switch (end) {
    case 'fin': return 'then your FIN';
    case 'rst': return 'then a reset (RST)';
    case 'closed': return 'then the connection closed';
    default: return `and nothing more within ${ANSWER_WITHIN_MS / 1000} s (no FIN)`;
  }
}

export function describeSaw(problem: AnswerProblem, c: AnswerContext): string {
  switch (problem.kind) {
    case 'silent':
      return problem.end === 'fin' || problem.end === 'rst' || problem.end === 'closed'
        ? `no line at all: ${problem.end === 'rst' ? 'a reset (RST)' : 'your FIN'} came first`
        : `nothing at all within ${ANSWER_WITHIN_MS / 1000} s: ${c.serverSide}`;
    case 'wrong-line':
      return `${quote(problem.line)} ${endWords(problem.end)}`;
    case 'unterminated':
      return `${quote(problem.text)} with no newline at its end, ${endWords(problem.end)}`;
    case 'extra':
      return `the right line, then ${problem.extra.length} more byte${problem.extra.length === 1 ? '' : 's'} (${quote(problem.extra.toString('latin1'))}), ${endWords(problem.end)}`;
    case 'no-close':
      return `the right line, but no FIN within ${ANSWER_WITHIN_MS / 1000} s: ${c.serverSide}`;
    case 'reset':
      return problem.byKernel
        ? 'the right line, then the connection ended, but not with a FIN: the kernel holds no socket of yours for it, which a reset (RST) leaves and an orderly close does not'
        : 'the right line, then a reset (RST) instead of a FIN';
  }
}

export function describeCause(problem: AnswerProblem, c: AnswerContext): string {
  const closeAdvice = advise(c.language, {
    node: 'socket.end(line) writes the line and then sends your FIN',
    python: 'sendall() the line, then close the connection (a `with conn:` block does it)',
  });
  switch (problem.kind) {
    case 'silent':
      return problem.end === 'timeout' || problem.end === 'deadline'
        ? `your server took the connection but never wrote to it: ${advise(c.language, {
            node: 'does the server listening here have a connection handler (net.createServer(handler)) that writes the line?',
            python: 'is this listener registered in your selector, and does your loop accept() from it and sendall() the line?',
          })}`
        : `your server closed the connection before writing anything: write the line first; ${closeAdvice}`;
    case 'wrong-line':
      return causeForLine(hintFor(c.client, problem.line, c.serverPort), c);
    case 'unterminated':
      return `a line ends with "\\n": send ${quote(expectedLine(c.client))}`;
    case 'extra':
      return `each client gets exactly one line, then the connection closes: send nothing after it; ${closeAdvice}`;
    case 'no-close':
      return `after the line, close the connection: ${advise(c.language, {
        node: 'socket.write() alone leaves it open; socket.end(line) writes the line and then sends your FIN',
        python: 'call conn.close() after sendall() (or use `with conn:`)',
      })}`;
    case 'reset':
      return `close with ${advise(c.language, { node: 'socket.end()', python: 'close() without SO_LINGER 0' })}: ${advise(c.language, {
        node: 'socket.resetAndDestroy() sends a reset, which makes a client throw away what it has not read yet',
        python: 'SO_LINGER with a 0 timeout makes close() send a reset, which makes a client throw away what it has not read yet',
      })}`;
  }
}

/** The cause behind a wrong line, by the slip it looks like. */
export function causeForLine(hint: LineHint, c: AnswerContext): string {
  const want = quote(expectedLine(c.client));
  const { family, port } = c.client;
  switch (hint) {
    case 'crlf':
      return `end the line with "\\n" alone, not "\\r\\n": send ${want}`;
    case 'unix-as-tcp':
      return `this client came through the Unix socket, whose line is just "unix": ${advise(c.language, {
        node: 'for a Unix socket client Node reports no address at all (remoteFamily, remoteAddress and remotePort are undefined), so a handler that takes anything but IPv6 for IPv4 writes "ipv4 undefined:undefined"; let the server listening on SOCKET_PATH answer "unix" itself',
        python: 'accept() on the AF_UNIX listener returns \'\' as the address: decide the line by the listener that accepted the connection (its family), not by the address',
      })}`;
    case 'unix-with-address':
      return 'the line for a Unix socket client is just "unix": a client socket that never called bind() has no name, so there is no address or port to report';
    case 'mapped':
      return `this IPv4 client reached an IPv6 socket bound to the wildcard "::" (dual stack), which shows IPv4 clients as IPv4-mapped addresses (::ffff:127.0.0.1): ${advise(c.language, {
        node: 'listen on 127.0.0.1 with a server of its own (listen(port, \'127.0.0.1\')) and on ::1 with another, not on \'::\'; or, if you keep one \'::\' listener, answer a ::ffff: address as "ipv4" with the IPv4 address alone',
        python: 'bind an AF_INET socket to ("127.0.0.1", PORT) and an AF_INET6 socket to ("::1", PORT), not one socket to "::"; or, if you keep one dual-stack socket, answer a ::ffff: address as "ipv4" with the IPv4 address alone',
      })}`;
    case 'wrong-family':
      return `the first word names the family this client came through: it connected over ${family === 'ipv4' ? 'IPv4 to 127.0.0.1' : 'IPv6 to ::1'}, so the line is ${want}; ${advise(c.language, {
        node: 'each of your servers listens on one address: let each answer with its own family',
        python: 'decide by the listener that accepted the connection (its family), one per address',
      })}`;
    case 'no-brackets':
      return `an IPv6 address has colons of its own, so next to a port it goes in square brackets: "[::1]:${port}" (written without them, "::1:${port}" is itself an IPv6 address)`;
    case 'server-port':
      return `that is your server's own port: the line names the client's port as your server sees it, ${advise(c.language, {
        node: 'socket.remotePort',
        python: 'the second item of the address accept() returns',
      })}`;
    case 'wrong-address':
      return `the address is the client's as your server sees it, ${advise(c.language, {
        node: 'socket.remoteAddress',
        python: 'the first item of the address accept() returns',
      })}: here that is ${c.client.address}`;
    case 'other':
      return family === 'unix'
        ? `send exactly ${want}: a Unix socket client gets the word "unix" and nothing else`
        : `send exactly ${want}: the family, a space, and the client's address and port as your server sees them (${advise(c.language, {
            node: 'socket.remoteAddress and socket.remotePort',
            python: 'the address accept() returns',
          })})${family === 'ipv6' ? ', the address in square brackets' : ''}`;
  }
}
