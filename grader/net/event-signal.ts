// How a peer's reader sleeps until its socket does something, for at most a bound of active time
// (grader/timing.ts): a stall of the grader never ends a wait before the pending I/O has been read.
import { startBound } from '../timing.ts';

export type WaitResult = 'event' | 'timeout' | 'deadline';

/** A bound of active time that resolves to its label; `undefined` stands for no bound at all. */
export interface LabelledBound {
  expired: Promise<'timeout' | 'deadline'>;
  cancel(): void;
}

/**
 * Starts a bound of `ms` of active time, or none when `ms` is infinite (a timer cannot wait
 * that long: Node turns an out-of-range delay into 1 ms).
 */
export function startLabelledBound(ms: number, label: 'timeout' | 'deadline'): LabelledBound | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const bound = startBound(Math.max(0, ms));
  return { expired: bound.expired.then(() => label), cancel: bound.cancel };
}

export class EventSignal {
  private waiters = new Set<() => void>();

  /** Wakes every reader waiting right now. */
  notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /**
   * Resolves 'event' at the next notify(), 'timeout' once `idleMs` of active time have passed, or
   * as `deadline` expires. Check the socket's state before calling: a notify() that came earlier is not kept.
   */
  async next(idleMs: number, deadline?: LabelledBound): Promise<WaitResult> {
    const idle = startLabelledBound(idleMs, 'timeout');
    let wake!: () => void;
    const event = new Promise<'event'>((resolve) => {
      wake = () => resolve('event');
      this.waiters.add(wake);
    });
    try {
      const racers: Promise<WaitResult>[] = [event];
      if (idle) racers.push(idle.expired);
      if (deadline) racers.push(deadline.expired);
      return await Promise.race(racers);
    } finally {
      idle?.cancel();
      this.waiters.delete(wake);
    }
  }
}
