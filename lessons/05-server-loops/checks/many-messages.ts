// many-messages: one connection, many messages, each answered before the next is sent.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { describeExit, describeServerSide, isCrash } from '../../../grader/messages.ts';
import { previewBytes } from '../../../grader/net/transcript.ts';
import type { Check } from '../../../grader/types.ts';
import { ALTERED_CAUSE, describeEchoProblem, ECHO_BUDGET_MS, exchange, LOST_CAUSE, randomLine, type EchoProblem } from './echo.ts';
import { CRASH_GRACE_MS, exitWithin } from '../../../grader/checks/program-state.ts';

export const MESSAGES = 20;
/** After the last echo and our FIN, how long anything more may take to show up. */
const TRAILING_MS = 1000;
const DID = `connected one client and sent ${MESSAGES} lines one at a time, each after the previous one's echo`;

export const manyMessages: Check = {
  id: 'many-messages',
  title: `echoes ${MESSAGES} messages on one connection`,
  async run(h) {
    const { program, peer } = await startAndConnect(h);
    const started = performance.now();
    for (let i = 1; i <= MESSAGES; i++) {
      const message = randomLine(h.rng);
      const problem = await exchange(peer, message, Math.max(1, ECHO_BUDGET_MS - (performance.now() - started)));
      if (!problem) continue;
      const before = i === 2 ? '; message 1 had been echoed correctly' : i > 2 ? `; messages 1 to ${i - 1} had been echoed correctly` : '';
      const ended = problem.kind === 'short' && problem.outcome !== 'timeout' && problem.outcome !== 'deadline';
      const exit = ended ? await exitWithin(program, CRASH_GRACE_MS) : undefined;
      if (isCrash(exit)) {
        return {
          status: 'fail',
          details: {
            did: DID,
            expected: `message ${i} (${message.length} bytes) to come back unchanged`,
            saw: `${describeEchoProblem(problem, message.length)}${before}; your program ${describeExit(exit)}`,
            cause: `your program crashed while answering message ${i}: see its last lines below`,
          },
        };
      }
      const stuck = problem.kind === 'short' && problem.outcome === 'timeout' ? `; ${describeServerSide(h.serverSide(peer))}` : '';
      return {
        status: 'fail',
        details: {
          did: DID,
          expected: `message ${i} (${message.length} bytes) to come back unchanged`,
          saw: `${describeEchoProblem(problem, message.length)}${before}${stuck}`,
          cause: causeFor(i, problem, performance.now() - started),
        },
      };
    }
    // Anything after the last echo was never sent: half-close and see what comes before the server's FIN.
    peer.halfClose();
    const trailing = await peer.read(1, TRAILING_MS);
    if (trailing.data.length > 0) {
      return {
        status: 'fail',
        details: {
          did: `${DID}, then closed its sending side (FIN)`,
          expected: 'nothing more: every line had been echoed',
          saw: `more bytes that were never sent ("${previewBytes(trailing.data)}")`,
          cause: ALTERED_CAUSE,
        },
      };
    }
    return { status: 'pass', summary: `${MESSAGES} messages echoed on one connection` };
  },
};

export function causeFor(index: number, problem: EchoProblem, elapsedMs: number): string {
  if (problem.kind === 'gap') return LOST_CAUSE;
  if (problem.kind !== 'short') return ALTERED_CAUSE;
  if (problem.outcome === 'deadline') {
    return `your server answers correctly but slowly: ${index - 1} of ${MESSAGES} echoes took ${Math.round(elapsedMs / 1000)} s (about ${Math.round(elapsedMs / index)} ms each); an echo server answers at once: is there a sleep or timer before you write?`;
  }
  if (index === 1) return 'your server does not echo: write every chunk you receive back to the same socket';
  if (problem.outcome === 'fin') return 'your server closes the connection after one answer: put the read and the reply in a loop (the communication loop) that ends only when a read returns empty';
  return 'your server answered once and then stopped reading: the read and the reply belong in a loop (the communication loop) that ends only when the client closes';
}
