// client-reset: a client that aborts with RST must not take the server down; the next client is served.
import { CRASH_GRACE_MS, exitWithin } from '../../../grader/checks/program-state.ts';
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { describeExit, isCrash } from '../../../grader/messages.ts';
import type { Check, Verdict } from '../../../grader/types.ts';
import type { ExitInfo } from '../../../grader/process/launch-program.ts';
import { describeEchoProblem, exchange, randomLine } from './echo.ts';

const DID = 'connected a client, sent a line, then aborted that connection with a reset (RST, as a crashed or killed client does); then connected a second client and sent a line';

export const clientReset: Check = {
  id: 'client-reset',
  title: 'survives a client that resets the connection',
  async run(h) {
    const { program, peer: first } = await startAndConnect(h, 'client 1');
    const firstEchoed = !(await exchange(first, randomLine(h.rng)));
    first.abort();
    const second = await h.tryConnect('client 2');
    const line = randomLine(h.rng);
    const secondProblem = 'code' in second ? undefined : await exchange(second, line);
    if (!('code' in second) && !secondProblem) return { status: 'pass', summary: 'the next client was served after a reset' };
    const exit = await exitWithin(program, CRASH_GRACE_MS);
    if (isCrash(exit)) return crashed(exit!);
    if (exit) {
      return { status: 'skip', reason: `your program ended after its first client (it ${describeExit(exit)}), so whether a reset harms it cannot be told; sequential-clients judges serving one client after another` };
    }
    if ('code' in second) {
      return { status: 'skip', reason: 'your program stopped listening after its first client, so whether a reset harms it cannot be told; sequential-clients judges serving one client after another' };
    }
    if (!firstEchoed) {
      return { status: 'skip', reason: 'your server echoed neither client, so whether a reset harms it cannot be told; many-messages tells what is wrong with the echo' };
    }
    return {
      status: 'fail',
      details: {
        did: DID,
        expected: 'the second client\'s line echoed back',
        saw: `${describeEchoProblem(secondProblem!, line.length)}; your program is still running`,
        cause: 'after a client reset, your server no longer serves others: treat a reset (ECONNRESET) like a client that left — end that connection and go on accepting',
      },
    };
  },
};

function crashed(exit: ExitInfo): Verdict {
  return {
    status: 'fail',
    details: {
      did: DID,
      expected: 'your server to drop the reset connection and serve the second client',
      saw: `your program ${describeExit(exit)}`,
      cause: 'a reset took the whole server down: handle the socket\'s \'error\' event (Node crashes on an unhandled ECONNRESET; Python: catch ConnectionResetError around recv/send) and end only that connection',
    },
  };
}
