// many-messages: one connection, many messages, each answered before the next is sent.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { describeServerSide } from '../../../grader/messages.ts';
import type { Check } from '../../../grader/types.ts';
import { describeEchoProblem, exchange, randomLine } from './echo.ts';

export const MESSAGES = 20;

export const manyMessages: Check = {
  id: 'many-messages',
  title: `echoes ${MESSAGES} messages on one connection`,
  async run(h) {
    const { peer } = await startAndConnect(h);
    for (let i = 1; i <= MESSAGES; i++) {
      const message = randomLine(h.rng);
      const problem = await exchange(peer, message);
      if (!problem) continue;
      const before = i > 1 ? `; messages 1 to ${i - 1} had been echoed correctly` : '';
      const stuck = problem.kind === 'short' && problem.outcome === 'timeout' ? `; ${describeServerSide(h.serverSide(peer))}` : '';
      return {
        status: 'fail',
        details: {
          did: `connected one client and sent ${MESSAGES} lines one at a time, each after the previous one's echo`,
          expected: `message ${i} (${message.length} bytes) to come back unchanged`,
          saw: `${describeEchoProblem(problem, message.length)}${before}${stuck}`,
          cause: causeFor(i, problem.kind === 'short' ? problem.outcome : 'wrong-bytes'),
        },
      };
    }
    return { status: 'pass', summary: `${MESSAGES} messages echoed on one connection` };
  },
};

export function causeFor(index: number, outcome: string): string {
  if (outcome === 'wrong-bytes') return 'the echo must be the very bytes received, in order: write back each chunk as it is, without decoding, trimming or adding to it';
  if (index === 1) return 'your server does not echo: write every chunk you receive back to the same socket';
  if (outcome === 'fin') return 'your server closes the connection after one answer: put the read and the reply in a loop (the communication loop) that ends only when a read returns empty';
  return 'your server answered once and then stopped reading: the read and the reply belong in a loop (the communication loop) that ends only when the client closes';
}
