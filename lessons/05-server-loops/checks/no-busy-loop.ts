// no-busy-loop: after the client leaves, the server's own CPU time over an idle window stays near zero.
import { startAndConnect } from '../../../grader/checks/connect-or-fail.ts';
import { CRASH_GRACE_MS, exitWithin } from '../../../grader/checks/program-state.ts';
import { canReadProcesses, type CpuSample } from '../../../grader/kernel/proc-processes.ts';
import { describeExit, describeServerSide } from '../../../grader/messages.ts';
import { sleep } from '../../../grader/timing.ts';
import type { Check } from '../../../grader/types.ts';
import { randomLine } from './echo.ts';

export const IDLE_WINDOW_MS = 100;
/**
 * A blocked server wants ~0% of the window; a spinning one wants ~100% (running, or runnable and
 * waiting for a core on a loaded machine), so the line between them can sit far from both.
 */
export const MAX_IDLE_DEMAND = 0.3;
const SETTLE_MS = 1000;

/** Pure judgement over two CPU samples taken `windowMs` apart. */
export function judgeIdle(before: CpuSample, after: CpuSample, windowMs: number): { busy: boolean; runMs: number; demandMs: number } {
  const runMs = after.runMs - before.runMs;
  const demandMs = runMs + (after.waitMs - before.waitMs);
  return { busy: demandMs > windowMs * MAX_IDLE_DEMAND, runMs, demandMs };
}

export const noBusyLoop: Check = {
  id: 'no-busy-loop',
  title: 'uses no CPU while idle after a client left',
  async run(h) {
    if (!canReadProcesses()) return { status: 'skip', reason: 'CPU time is read from /proc, which only Linux has' };
    const { program, peer } = await startAndConnect(h);
    peer.send(randomLine(h.rng));
    peer.halfClose();
    // Let the server finish with the client (its FIN), or give up waiting and measure anyway.
    await peer.waitForEnd(SETTLE_MS);
    // No listener left means the program is on its way out (it served one client): wait for that.
    if (!h.listener()) await exitWithin(program, CRASH_GRACE_MS);
    if (program.exitInfo()) {
      return { status: 'skip', reason: `your program ${describeExit(program.exitInfo())} after its client left, so there is no idle server to measure; sequential-clients judges serving one client after another` };
    }
    const before = h.cpu(program);
    const started = performance.now();
    await sleep(IDLE_WINDOW_MS);
    const after = h.cpu(program);
    const window = performance.now() - started;
    if (program.exitInfo()) return { status: 'skip', reason: `your program ${describeExit(program.exitInfo())} while being measured` };
    const { busy, runMs, demandMs } = judgeIdle(before, after, window);
    const ms = (n: number) => `${Math.round(n)} ms`;
    if (!busy) return { status: 'pass', summary: `${ms(runMs)} of CPU in ${ms(window)} idle` };
    return {
      status: 'fail',
      details: {
        did: 'connected a client, sent a line, closed (FIN), then measured your program\'s CPU time while nobody was connected',
        expected: `your program to sleep until the next client: close to 0 ms of CPU in ${ms(window)}`,
        saw: `it ran for ${ms(runMs)} and wanted a CPU for ${ms(demandMs)} of those ${ms(window)} (${Math.round((100 * demandMs) / window)}%); the client's connection: ${describeServerSide(h.serverSide(peer))}`,
        cause: 'your server spins at 100% CPU with nothing to do: an empty read means the peer closed — leave the loop instead of reading again; and never poll in a loop (a while loop around non-blocking reads, or setImmediate calling itself): wait for events',
      },
    };
  },
};
