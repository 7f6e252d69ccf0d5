// no-busy-loop: after clients have come and gone, the server uses (next to) no CPU while idle.
import { defineCheck, waitForEndOrIdle, describeExit, describeServerSide, fail, pass, skip, sleep, type CpuSample } from '../../../grader/sdk.ts';
import { randomLine } from './echo.ts';

export const CLIENTS = 5;
export const IDLE_WINDOW_MS = 100;
/**
 * A server that waits on events uses no CPU and is never woken while idle (measured: 0 ms and 0
 * wake-ups per 100 ms, Node and Python alike). One that spins wants ~100% of a core; one that polls
 * with a timer per connection uses only a few percent but wakes ~90 times per 100 ms.
 */
export const MAX_IDLE_DEMAND = 0.05;
export const MAX_IDLE_WAKEUPS = 20;
/**
 * A spinner is runnable all the time: on a loaded machine it may get little CPU, but it runs or
 * waits for a core through the whole window. A sleeping server woken once may wait for a core too
 * (14 ms was seen under load): waiting counts only past this share of the window.
 */
export const MAX_IDLE_RUNNABLE = 0.5;
const SETTLE_MS = 1000;

/** Pure judgement over two CPU samples taken `windowMs` apart: running, waking, and being runnable (running or waiting for a core). */
export function judgeIdle(before: CpuSample, after: CpuSample, windowMs: number): { busy: boolean; runMs: number; demandMs: number; wakeups: number } {
  const runMs = after.runMs - before.runMs;
  const demandMs = runMs + (after.waitMs - before.waitMs);
  const wakeups = after.runs - before.runs;
  // Wake-ups are counted per 100 ms, whatever the window really lasted.
  const busy = runMs > windowMs * MAX_IDLE_DEMAND || demandMs > windowMs * MAX_IDLE_RUNNABLE || (wakeups * 100) / windowMs > MAX_IDLE_WAKEUPS;
  return { busy, runMs, demandMs, wakeups };
}

export const noBusyLoop = defineCheck({
  id: 'no-busy-loop',
  title: `uses no CPU while idle, after ${CLIENTS} clients came and went`,
  hints: [
    'With no client connected, what is your server doing: waiting in the kernel, or checking again and again?',
    'After the client\'s FIN every recv() returns b\'\' at once, so a loop that reads again spins at 100% CPU; a polling timer keeps waking the process up (lesson: gen 4 and "What the bugs look like in Node").',
    'Python: leave the communication loop on b\'\' and block in accept() again. Node: react to \'data\' and \'end\' events; never poll with setImmediate or setInterval, and clear any timer when its connection ends.',
  ],
  // Runs on the shared copy once the checks before it are done with it (no other check uses it at the
  // same time); a copy another check had used and that does not pass here is measured again on a fresh one.
  async run(h) {
    if (!h.kernel.processesReadable) return skip('CPU time is read from /proc, which only Linux has', { environment: true });
    const program = await h.start();
    const peers = [];
    for (let i = 1; i <= CLIENTS; i++) {
      const peer = await h.tryConnect(`client ${i}`);
      if (!('localPort' in peer)) {
        return skip(`your program stopped accepting after ${i - 1} client${i === 2 ? '' : 's'}, so there is no idle server to measure; sequential-clients judges serving one client after another`);
      }
      peer.send(randomLine(h.rng));
      peer.halfClose();
      peers.push(peer);
    }
    // Let the server finish with the clients (their FINs), or give up waiting and measure anyway.
    await Promise.all(peers.map((p) => waitForEndOrIdle(p, SETTLE_MS, h)));
    // No listener left means the program is on its way out (it served one client): wait for that.
    if (h.kernel.available && !h.kernel.listener()) await program.waitForExit(1000);
    if (program.exitInfo()) {
      return skip(`your program ended after its clients left (it ${describeExit(program.exitInfo())}), so there is no idle server to measure; sequential-clients judges serving one client after another`);
    }
    const before = h.kernel.cpu(program);
    const started = performance.now();
    await sleep(IDLE_WINDOW_MS);
    const after = h.kernel.cpu(program);
    const window = performance.now() - started;
    if (program.exitInfo()) return skip(`your program ${describeExit(program.exitInfo())} while being measured`);
    const { busy, runMs, demandMs, wakeups } = judgeIdle(before, after, window);
    const ms = (n: number) => `${Math.round(n)} ms`;
    const pct = (n: number) => `${Math.round((100 * n) / window)}%`;
    if (!busy) return pass(`${ms(runMs)} of CPU and ${wakeups} wake-ups in ${ms(window)} idle`);
    const waited = demandMs - runMs > 1 ? `, and was ready to run but waiting for a free core for another ${ms(demandMs - runMs)}` : '';
    const open = peers.map((p) => h.kernel.serverSide(p)).filter((s) => s && s.state !== 'TIME_WAIT');
    return fail({
      did: `connected ${CLIENTS} clients one after another, each sent a line and closed (FIN); then, with no client connected, measured your program's CPU time for ${ms(window)}`,
      expected: `next to none: a server that waits for events sleeps while nothing happens (at most ${MAX_IDLE_DEMAND * 100}% of one core, ${ms(window * MAX_IDLE_DEMAND)}, and at most ${MAX_IDLE_WAKEUPS} wake-ups per 100 ms; a waiting server has 0)`,
      saw: `in those ${ms(window)} your program was woken ${wakeups} times and ran on a CPU for ${ms(runMs)} (${pct(runMs)} of one core)${waited}${open.length ? `; the first client's connection: ${describeServerSide(open[0])}` : ''}`,
      cause: demandMs > window * 0.5
        ? 'your server spins with nothing to do: an empty read means the peer closed — leave the loop instead of reading again; and never poll in a loop (a while loop around non-blocking reads, or setImmediate calling itself): wait for events'
        : 'your server keeps waking up with nothing to do: a timer per connection that polls (setInterval, or setTimeout re-armed) and is never cleared, or a loop that sleeps briefly and checks again; wait for events instead, and clear every timer when its connection ends',
    });
  },
});
