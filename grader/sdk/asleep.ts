// Kernel evidence that a program is waiting, not working: every one of its threads asleep for a
// while in a row. A program about to take its next step runs; one merely starved is runnable, not
// asleep. Lessons use it to know a program has finished setting up, or is not going to act.
import type { KernelView } from '../runner/kernel-view.ts';
import type { Program } from '../runner/start-program.ts';
import { activeNow, sleep } from '../timing.ts';

export interface AsleepWait {
  /** How often to look at the program's threads. */
  everyMs: number;
  /** Give up after this much active time. */
  withinMs?: number;
  /** Give up once this settles (what the program was expected to do has happened). */
  until?: Promise<unknown>;
}

/**
 * True once every thread of the program has slept for `forMs` in a row (active time); false once
 * the program has ended, `until` has settled or `withinMs` has passed first, and at once where
 * /proc cannot tell.
 */
export async function waitUntilAsleep(kernel: KernelView, program: Program, forMs: number, options: AsleepWait): Promise<boolean> {
  if (!kernel.processesReadable) return false;
  let settled = false;
  const until = options.until?.then(() => void (settled = true), () => void (settled = true));
  const deadline = options.withinMs === undefined ? Infinity : activeNow() + options.withinMs;
  let asleepSince: number | undefined;
  while (!settled && !program.exitInfo() && activeNow() < deadline) {
    const threads = kernel.doing(program);
    const asleep = threads.length > 0 && threads.every((t) => t.state === 'S');
    asleepSince = asleep ? (asleepSince ?? activeNow()) : undefined;
    if (asleepSince !== undefined && activeNow() - asleepSince >= forMs) return true;
    await (until ? Promise.race([until, sleep(options.everyMs)]) : sleep(options.everyMs));
  }
  return false;
}
