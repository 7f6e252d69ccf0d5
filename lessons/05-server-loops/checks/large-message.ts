// large-message: a message far larger than one read (and than the kernel's buffers) comes back whole.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import type { TcpSocket } from '../../../grader/kernel/proc-net-tcp.ts';
import { describeExit, describeServerSide, isCrash } from '../../../grader/messages.ts';
import { CRASH_GRACE_MS, exitWithin } from '../../../grader/checks/program-state.ts';
import { formatBytes } from '../../../grader/net/transcript.ts';
import type { Check } from '../../../grader/types.ts';
import { ALTERED_CAUSE, describeEchoProblem, exchange, LOST_CAUSE, randomLine, type EchoProblem } from './echo.ts';

export const LARGE_BYTES = 2 * 1024 * 1024;

export const largeMessage: Check = {
  id: 'large-message',
  title: `echoes a ${LARGE_BYTES / 1024 / 1024} MiB message completely`,
  async run(h) {
    const { program, peer } = await startAndConnect(h);
    // A small exchange first: a server that cannot echo at all is many-messages' to judge, not this check's.
    if (await exchange(peer, randomLine(h.rng))) {
      return { status: 'skip', reason: 'the first, short line was not echoed correctly, so a large message cannot be judged; many-messages tells what is wrong with the echo' };
    }
    const large = h.rng.bytes(LARGE_BYTES);
    const problem = await exchange(peer, large);
    if (!problem) return { status: 'pass', summary: `${formatBytes(LARGE_BYTES)} echoed intact` };
    if (problem.kind === 'short' && problem.received === 0 && (problem.outcome === 'fin' || problem.outcome === 'rst' || problem.outcome === 'closed')) {
      // The connection also ends when the program dies of the large message: that is this check's failure.
      const exit = await exitWithin(program, CRASH_GRACE_MS);
      if (isCrash(exit)) {
        return {
          status: 'fail',
          details: {
            did: `connected, exchanged a short line, then sent ${formatBytes(LARGE_BYTES)} of random bytes in one write`,
            expected: `all ${formatBytes(LARGE_BYTES)} back, in order`,
            saw: `nothing came back, and your program ${describeExit(exit)}`,
            cause: 'your program crashed on the large message: see its last lines below. Random bytes are not text: echo them as bytes, without decoding (Python: no .decode(); Node: no toString())',
          },
        };
      }
      return { status: 'skip', reason: 'your server closed the connection after the first line, before the large message; many-messages judges answering more than one message per connection' };
    }
    const server = problem.kind === 'short' && problem.outcome === 'timeout' ? h.serverSide(peer) : undefined;
    return {
      status: 'fail',
      details: {
        did: `connected, exchanged a short line, then sent ${formatBytes(LARGE_BYTES)} of random bytes in one write while reading the echo`,
        expected: `all ${formatBytes(LARGE_BYTES)} back, in order`,
        saw: `${describeEchoProblem(problem, LARGE_BYTES)}${server ? `; ${describeServerSide(server)}` : ''}`,
        cause: causeFor(problem, server),
      },
    };
  },
};

/** Pure: what a failed large echo most likely means, given the server's side in the kernel when it stalled. */
export function causeFor(problem: EchoProblem, server: TcpSocket | undefined): string {
  if (problem.kind === 'gap') return LOST_CAUSE;
  if (problem.kind !== 'short') return ALTERED_CAUSE;
  if (problem.outcome === 'deadline') return 'the echo kept coming, but slowly: an echo server writes each chunk back at once; is there a sleep or timer before you write?';
  if (problem.outcome === 'timeout' && server && server.rxQueue > 0) {
    return 'your server stopped reading while bytes were still waiting for it: is it blocked writing (a full send buffer) or waiting for something else? Keep reading and writing each chunk as it comes';
  }
  return LOST_CAUSE;
}
