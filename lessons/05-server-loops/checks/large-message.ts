// large-message: a message far larger than one read (and than the kernel's buffers) comes back whole.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { formatBytes } from '../../../grader/net/transcript.ts';
import { describeServerSide } from '../../../grader/messages.ts';
import type { Check } from '../../../grader/types.ts';
import { describeEchoProblem, exchange, randomLine } from './echo.ts';

export const LARGE_BYTES = 2 * 1024 * 1024;

export const largeMessage: Check = {
  id: 'large-message',
  title: `echoes a ${LARGE_BYTES / 1024 / 1024} MiB message completely`,
  async run(h) {
    const { peer } = await startAndConnect(h);
    // A small exchange first: a server that cannot echo at all is many-messages' to judge, not this check's.
    if (await exchange(peer, randomLine(h.rng))) {
      return { status: 'skip', reason: 'the first, short line was not echoed correctly, so a large message cannot be judged; many-messages tells what is wrong with the echo' };
    }
    const large = h.rng.bytes(LARGE_BYTES);
    const problem = await exchange(peer, large);
    if (!problem) return { status: 'pass', summary: `${formatBytes(LARGE_BYTES)} echoed intact` };
    if (problem.kind === 'short' && problem.received === 0 && problem.outcome !== 'timeout') {
      return { status: 'skip', reason: 'your server closed the connection after the first line, before the large message; many-messages judges answering more than one message per connection' };
    }
    const stuck = problem.kind === 'short' && problem.outcome === 'timeout' ? `; ${describeServerSide(h.serverSide(peer))}` : '';
    return {
      status: 'fail',
      details: {
        did: `connected, exchanged a short line, then sent ${formatBytes(LARGE_BYTES)} of random bytes in one write while reading the echo`,
        expected: `all ${formatBytes(LARGE_BYTES)} back, in order`,
        saw: `${describeEchoProblem(problem, LARGE_BYTES)}${stuck}`,
        cause: problem.kind === 'wrong-bytes'
          ? 'bytes came back changed or out of order: echo every chunk exactly as received (no decoding to text, no reordering)'
          : 'part of the message was lost on the way back: a send may take fewer bytes than asked and returns how many; use sendall (Node: socket.write queues everything — keep writing every chunk and respect its return value with \'drain\')',
      },
    };
  },
};
