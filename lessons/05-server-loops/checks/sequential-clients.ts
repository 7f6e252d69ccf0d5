// sequential-clients: three clients one after the other; each must be served after the previous one left.
import { connectOrFail } from '../../../grader/checks/connect-or-fail.ts';
import { describeAcceptQueue, describeServerSide } from '../../../grader/messages.ts';
import type { TcpPeer } from '../../../grader/net/tcp-peer.ts';
import type { Check } from '../../../grader/types.ts';
import { describeEchoProblem, exchange, randomLine } from './echo.ts';

export const CLIENTS = 3;
const ORDINAL = ['first', 'second', 'third'];

export const sequentialClients: Check = {
  id: 'sequential-clients',
  title: `serves ${CLIENTS} clients one after another`,
  async run(h) {
    await h.startServer();
    let previous: TcpPeer | undefined;
    for (let i = 1; i <= CLIENTS; i++) {
      const name = `client ${i}`;
      const did = i === 1
        ? 'connected a client and sent one line'
        : i === 2
          ? 'served one client (it sent a line, got its echo and closed), then connected a second client and sent a line'
          : `served ${i - 1} clients one after the other (each sent a line, got its echo and closed), then connected the ${ORDINAL[i - 1]} client and sent a line`;
      const cause = i === 1
        ? 'your program stopped listening right after it started: look at its last lines below'
        : `the ${ORDINAL[i - 1]} client was never served: is accept() inside a loop? After a client leaves, go back to accept() the next one instead of ending`;
      const peer = await connectOrFail(h, name, { did, cause });
      const message = randomLine(h.rng);
      const problem = await exchange(peer, message);
      if (problem && i === 1) {
        return { status: 'skip', reason: 'the first client got no correct echo, so serving later clients cannot be judged; many-messages tells what is wrong with the echo' };
      }
      if (problem) {
        const earlier = previous ? h.serverSide(previous) : undefined;
        const stillInLoop = earlier?.state === 'CLOSE_WAIT';
        return {
          status: 'fail',
          details: {
            did,
            expected: `the ${ORDINAL[i - 1]} client's line echoed back`,
            saw: `${describeEchoProblem(problem, message.length)}; ${describeAcceptQueue(h.listener())}; the previous client's connection: ${describeServerSide(earlier)}`,
            cause: stillInLoop
              ? `the ${ORDINAL[i - 1]} client was never served because your server is still in its loop for the previous client, which has left: an empty read means the peer closed — leave the communication loop, close the socket and go back to accept()`
              : `the ${ORDINAL[i - 1]} client was never served: is accept() inside a loop?`,
          },
        };
      }
      peer.halfClose();
      previous = peer;
    }
    return { status: 'pass', summary: `${CLIENTS} clients served one after another` };
  },
};
