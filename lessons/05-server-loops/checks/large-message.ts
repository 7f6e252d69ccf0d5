// large-message: a message far larger than one read (and than the kernel's buffers) comes back whole.
import { crashVerdict, defineCheck, describeServerSide, fail, formatBytes, pass, skip, type Harness, type ReplyProblem, type TcpSocket } from '../../../grader/sdk.ts';
import { commonCause, describeEcho, echo, ECHO_BOUNDS, randomLine } from './echo.ts';

export const LARGE_BYTES = 2 * 1024 * 1024;
const DID = `connected, exchanged a short line, then sent ${formatBytes(LARGE_BYTES)} of random bytes in one write while reading the echo`;

export const largeMessage = defineCheck({
  id: 'large-message',
  title: `echoes a ${LARGE_BYTES / 1024 / 1024} MiB message completely`,
  hints: [
    'Do all 2 MiB come back, unchanged and in order, or does part of it go missing or change on its way through your program?',
    'A chunk is whatever the kernel had ready, and send() may take fewer bytes than you gave it; decoding bytes as text turns invalid UTF-8 into U+FFFD (lesson: "The right shape" and "What the bugs look like in Node").',
    'Node: socket.write(chunk) with the Buffer itself, at once in \'data\' (no toString(), no await before it). Python: conn.sendall(data), not send(), with the bytes as they came.',
  ],
  async run(h) {
    const program = await h.start();
    const peer = await h.connect('client');
    // A small exchange first: a server that cannot echo at all is many-messages' to judge, not this check's.
    if (await echo(peer, randomLine(h.rng), h)) {
      return skip('the first, short line was not echoed correctly, so a large message cannot be judged; many-messages tells what is wrong with the echo');
    }
    const large = h.rng.bytes(LARGE_BYTES);
    const problem = await echo(peer, large, h);
    if (!problem) return pass(`${formatBytes(LARGE_BYTES)} echoed intact`);
    if (problem.kind === 'short' && problem.outcome !== 'timeout' && problem.outcome !== 'deadline') {
      const crashed = await crashVerdict(program, DID);
      if (crashed) return crashed;
      if (problem.received === 0) return skip('your server closed the connection after the first line, before the large message; many-messages judges answering more than one message per connection');
    }
    const server = problem.kind === 'short' && problem.outcome === 'timeout' ? h.kernel.serverSide(peer) : undefined;
    return fail({
      did: DID,
      expected: `all ${formatBytes(LARGE_BYTES)} back, in order, within ${ECHO_BOUNDS.totalMs / 1000} s (and never ${ECHO_BOUNDS.idleMs / 1000} s without progress)`,
      saw: `${describeEcho(problem, LARGE_BYTES)}${server ? `; ${describeServerSide(server)}` : ''}`,
      cause: causeFor(problem, server, h),
    });
  },
});

/** Pure: what a failed large echo most likely means, given the server's side in the kernel when it stalled. */
export function causeFor(problem: ReplyProblem, server: TcpSocket | undefined, h: Pick<Harness, 'language'>): string {
  const common = commonCause(problem, h);
  if (common) return common;
  if (problem.kind === 'short' && problem.outcome === 'deadline') {
    return 'the echo kept coming, but slowly: an echo server writes each chunk back at once; look for a sleep or timer before you write, very small reads and writes (one byte at a time), or a log line per chunk or per byte';
  }
  if (problem.kind === 'short' && problem.outcome === 'timeout' && server && server.rxQueue > 0) {
    return 'your server stopped reading while bytes were still waiting for it: is it blocked writing (a full send buffer it never drains) or waiting for something else? Keep reading and writing each chunk as it comes';
  }
  if (problem.kind === 'short' && problem.outcome === 'fin') return 'your server closed the connection before it had echoed the whole message: close only when the client has closed (an empty read), never after some number of reads';
  return 'your server stopped echoing partway through the message: keep reading and writing back every chunk until the client closes';
}
