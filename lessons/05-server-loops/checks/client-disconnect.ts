// client-disconnect: when the client closes, the server closes its side promptly and keeps running.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { exitAfterConnect } from '../../../grader/checks/program-state.ts';
import { describeExit, describeServerSide, isCrash } from '../../../grader/messages.ts';
import type { Check, FailureDetails } from '../../../grader/types.ts';
import { randomLine, REPLY_IDLE_MS } from './echo.ts';

export const CLOSE_WITHIN_MS = 2000;
const DID = 'connected, sent a line and closed its sending side (FIN), as a client does when it is done';

/** Pure judgement of how the connection ended: by the peer's view and, where known, the kernel's. */
export function judgeClose(seen: 'fin' | 'rst' | 'timeout', kernel: 'fin' | 'rst' | 'unknown'): 'fin' | 'rst' | 'timeout' {
  if (seen === 'fin' && kernel === 'rst') return 'rst';
  return seen;
}

export const clientDisconnect: Check = {
  id: 'client-disconnect',
  title: 'closes its side when the client leaves, and keeps running',
  async run(h) {
    const { program, peer } = await startAndConnect(h);
    const line = randomLine(h.rng);
    peer.send(line);
    peer.halfClose();
    // The echo comes first (a slow echo is other checks' business); "promptly" is counted after it.
    await peer.read(line.length, REPLY_IDLE_MS);
    const seen = await peer.waitForEnd(CLOSE_WITHIN_MS);
    if (seen === 'timeout') {
      return fail({
        expected: `your side to close (a FIN) within ${CLOSE_WITHIN_MS / 1000} s`,
        saw: `no FIN after ${CLOSE_WITHIN_MS / 1000} s; ${describeServerSide(h.serverSide(peer))}`,
        cause: 'your server never closes a connection whose client has left: when a read returns empty (Node: the \'end\' event), close your side (socket.end())',
      });
    }
    const end = judgeClose(seen, h.closeSeenByKernel(peer));
    // A FIN or RST can come from the kernel tidying up after a crash, so ask whether the program still runs.
    const probe = await h.tryConnect('second client');
    const exit = await exitAfterConnect(program, probe);
    if (isCrash(exit)) {
      return fail({
        expected: 'your server to close that connection and go on running',
        saw: `your program ${describeExit(exit)} when the client left`,
        cause: 'your server crashed on an empty read or a closed socket: see the last lines it printed below',
      });
    }
    if (end === 'rst') {
      return fail({
        expected: 'an orderly close (FIN) from your side',
        saw: 'the connection was reset (RST) instead: the kernel shows no TIME_WAIT on the client\'s side, which an orderly close leaves',
        cause: 'close with socket.end() (Python: close() without SO_LINGER 0), not socket.destroy() or resetAndDestroy(), and only after reading everything the client sent: closing a socket with unread data makes the kernel send RST',
      });
    }
    const note = exit ? ` (your program then ${describeExit(exit)}; sequential-clients judges that)` : '';
    return { status: 'pass', summary: `closed its side after the client's FIN${note}` };
  },
};

function fail(parts: Omit<FailureDetails, 'did'>) {
  return { status: 'fail' as const, details: { did: DID, ...parts } };
}
