// client-disconnect: when the client closes, the server closes its side promptly and keeps running.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { CRASH_GRACE_MS, exitWithin } from '../../../grader/checks/program-state.ts';
import { describeExit, describeServerSide, isCrash } from '../../../grader/messages.ts';
import type { Check } from '../../../grader/types.ts';
import { randomLine } from './echo.ts';

export const CLOSE_WITHIN_MS = 2000;

export const clientDisconnect: Check = {
  id: 'client-disconnect',
  title: 'closes its side when the client leaves, and keeps running',
  async run(h) {
    const { program, peer } = await startAndConnect(h);
    peer.send(randomLine(h.rng));
    peer.halfClose();
    const did = 'connected, sent a line and closed its sending side (FIN), as a client does when it is done';
    const end = await peer.waitForEnd(CLOSE_WITHIN_MS);
    if (end === 'timeout') {
      return {
        status: 'fail',
        details: {
          did,
          expected: `your side to close (a FIN) within ${CLOSE_WITHIN_MS / 1000} s`,
          saw: `no FIN after ${CLOSE_WITHIN_MS / 1000} s; ${describeServerSide(h.serverSide(peer))}`,
          cause: 'your server never closes a connection whose client has left: when a read returns empty (Node: the \'end\' event), close your side (socket.end())',
        },
      };
    }
    // A FIN or RST can come from the kernel tidying up after a crash, so ask whether the program still runs.
    const probe = await h.tryConnect('second client');
    const exit = 'code' in probe ? await exitWithin(program, CRASH_GRACE_MS) : program.exitInfo();
    if (isCrash(exit)) {
      return {
        status: 'fail',
        details: {
          did,
          expected: 'your server to close that connection and go on running',
          saw: `your program ${describeExit(exit)} when the client left`,
          cause: 'your server crashed on an empty read or a closed socket: see the last lines it printed below',
        },
      };
    }
    if (end === 'rst') {
      return {
        status: 'fail',
        details: {
          did,
          expected: 'an orderly close (FIN) from your side',
          saw: 'the connection was reset (RST) instead',
          cause: 'close with socket.end(), not socket.destroy(), and only after reading everything the client sent: closing a socket with unread data makes the kernel send RST',
        },
      };
    }
    const note = exit ? ` (your program then ${describeExit(exit)}; sequential-clients judges that)` : '';
    return { status: 'pass', summary: `closed its side after the client's FIN${note}` };
  },
};
