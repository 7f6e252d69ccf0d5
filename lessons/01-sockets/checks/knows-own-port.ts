// knows-own-port: the number after the token is the port of the client's own end of the
// connection (the peer port the server's accept() saw), and the kernel chose it (ephemeral range).
import { advise, defineCheck, fail, pass, skip, type Harness } from '../../../grader/sdk.ts';
import { converse, type Conversation } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { judgePort, quote, type PortProblem } from './protocol.ts';

export const knowsOwnPort = defineCheck({
  id: 'knows-own-port',
  title: 'reports its own port, one the kernel chose at connect()',
  hints: [
    'Which end of the connection is yours? PORT is the server\'s port.',
    'Node: socket.localPort, once connected. Python: client.getsockname()[1], after connect().',
    'A client does not bind(): connect() makes the kernel choose a free ephemeral port.',
  ],
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen?.reply?.line !== undefined && !judgePort(seen.reply.line, portFacts(seen.c))) return pass(passed(seen.c));
    const c = await converse(h);
    if (!c.connection) return skip('your program never connected, so there is no port to judge; connects tells what happened');
    const reply = await c.reply;
    if (reply.line === undefined) return skip('no reply line came, so there is no port to judge; replies-token tells why');
    const problem = judgePort(reply.line, portFacts(c));
    const range = c.range ? `the ephemeral range ${c.range[0]}-${c.range[1]}` : undefined;
    if (!problem) return pass(passed(c));
    return fail({
      did: `accepted your client's connection (accept() saw it come from ${h.host}:${c.clientPort}), sent the greeting and read your reply line`,
      expected: problem.kind === 'not-ephemeral'
        ? `the port of your end of the connection, one the kernel chose at connect() from ${range} (net.ipv4.ip_local_port_range)`
        : `the number after the token to be ${c.clientPort}, the port of your end of the connection${range ? `, which connect() took from ${range} (net.ipv4.ip_local_port_range)` : ''}`,
      saw: `your reply was ${quote(reply.line, 80)}: ${sawFor(problem, c)}`,
      cause: portCause(h, problem),
    });
  },
});

function sawFor(problem: PortProblem, c: Pick<Conversation, 'clientPort'>): string {
  switch (problem.kind) {
    case 'missing':
      return 'no port after the token';
    case 'crlf':
      return 'the port is followed by "\\r"';
    case 'no-value':
      return `${quote(problem.got)} where the port should be`;
    case 'not-a-number':
      return `${quote(problem.got)} after the token, which is not a port number`;
    case 'server-port':
      return `${problem.got} is the server's port (PORT), the other end of the connection`;
    case 'wrong-port':
      return `${problem.got} is not the port of your end: the kernel gave your connection port ${c.clientPort}`;
    case 'not-ephemeral':
      return `${problem.got} is your end's port, but it lies outside the ephemeral range ${problem.range[0]}-${problem.range[1]}, so the kernel did not choose it at connect()`;
  }
}

const ASK = { node: 'socket.localPort (once connected)', python: 'client.getsockname()[1] (after connect())' };

/** Pure but for the language: exported for the unit tests. */
export function portCause(h: Pick<Harness, 'language'>, problem: PortProblem): string {
  switch (problem.kind) {
    case 'missing':
      return `put your port after the token and one space: ${advise(h.language, ASK)}`;
    case 'crlf':
      return 'this protocol\'s lines end in "\\n" alone, not "\\r\\n"';
    case 'no-value':
      return advise(h.language, {
        node: 'socket.localPort is undefined until the socket is connected: the kernel picks the port during connect(). Read it in the \'connect\' or \'data\' handler, not right after net.connect()',
        python: 'the port was read before there was one: ask client.getsockname()[1] after connect() has returned',
      });
    case 'not-a-number':
      return `send the port as a decimal number: ${advise(h.language, ASK)}`;
    case 'server-port':
      return `that number names the server's end. Yours is a different port, the one the kernel picked for your socket: ${advise(h.language, {
        node: 'socket.localPort, not socket.remotePort or PORT',
        python: 'client.getsockname()[1], not getpeername()[1] or PORT',
      })}`;
    case 'wrong-port':
      return `a port written in the code is nobody's, and another socket's port is that socket's: ask this connected socket for its own, ${advise(h.language, ASK)}`;
    case 'not-ephemeral':
      return `your client binds that port itself before connecting. A client normally does not bind: connect() makes the kernel pick a free ephemeral port, so two copies never collide and a port left in TIME_WAIT does not block the next run. ${advise(h.language, {
        node: 'Remove the localPort option from net.connect()',
        python: 'Remove the bind() before connect()',
      })}`;
  }
}

function portFacts(c: Pick<Conversation, 'clientPort' | 'serverPort' | 'range'>) {
  return { peerPort: c.clientPort, serverPort: c.serverPort, ...(c.range ? { range: c.range } : {}) };
}

function passed(c: Pick<Conversation, 'clientPort' | 'range'>): string {
  const range = c.range ? `the ephemeral range ${c.range[0]}-${c.range[1]}` : undefined;
  return `replied with port ${c.clientPort}, the one accept() saw${range ? `, from ${range}` : ''}`;
}
