// no-busy-loop: after the client leaves, the server's own CPU time over an idle window stays near zero.
import { connectOrFail } from '../../../grader/checks/connect-or-fail.ts';
import { canReadProcesses } from '../../../grader/kernel/proc-processes.ts';
import { describeExit, describeServerSide } from '../../../grader/messages.ts';
import type { Check } from '../../../grader/types.ts';
import { randomLine } from './echo.ts';

export const IDLE_WINDOW_MS = 250;
/** A blocked server uses ~0 ms; a spinning one uses most of the window even on a busy machine. */
export const MAX_IDLE_CPU_FRACTION = 0.25;
const SETTLE_MS = 1000;

/** Pure judgement: CPU ms used over a window of `windowMs`. */
export function isBusy(cpuMs: number, windowMs: number): boolean {
  return cpuMs > windowMs * MAX_IDLE_CPU_FRACTION;
}

export const noBusyLoop: Check = {
  id: 'no-busy-loop',
  title: 'uses no CPU while idle after a client left',
  async run(h) {
    if (!canReadProcesses()) return { status: 'skip', reason: 'CPU time is read from /proc, which only Linux has' };
    const program = await h.startServer();
    const peer = await connectOrFail(h, 'client', { did: 'started your server and connected a client', cause: 'your server must keep listening until it is stopped' });
    peer.send(randomLine(h.rng));
    peer.halfClose();
    // Let the server finish with the client (its FIN), or give up waiting and measure anyway.
    await peer.waitForEnd(SETTLE_MS);
    if (program.exitInfo()) {
      return { status: 'skip', reason: `your program ${describeExit(program.exitInfo())} after its client left, so there is no idle server to measure; sequential-clients judges serving one client after another` };
    }
    const before = h.cpuMs(program);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
    const used = h.cpuMs(program) - before;
    const window = performance.now() - started;
    if (program.exitInfo()) return { status: 'skip', reason: `your program ${describeExit(program.exitInfo())} while being measured` };
    if (!isBusy(used, window)) return { status: 'pass', summary: `${used} ms of CPU in ${Math.round(window)} ms idle` };
    return {
      status: 'fail',
      details: {
        did: 'connected a client, sent a line, closed (FIN), then measured your program\'s CPU time while nobody was connected',
        expected: `close to 0 ms of CPU over ${Math.round(window)} ms (at most ${Math.round(window * MAX_IDLE_CPU_FRACTION)} ms)`,
        saw: `${used} ms of CPU in ${Math.round(window)} ms (${Math.round((100 * used) / window)}% of a core); the client's connection: ${describeServerSide(h.serverSide(peer))}`,
        cause: 'your server spins while it has nothing to do: an empty read means the peer closed — leave the loop instead of reading again; and never poll in a loop (a while loop around non-blocking reads, or setImmediate calling itself): wait for events',
      },
    };
  },
};
