// The grader's clock. Every bound a check applies to a student's program is counted in *active*
// time: time in which the grader itself was running. When the grader is stalled (SIGSTOP, a
// starved CPU, a long GC), its timers fire late and all at once, before the data, FIN or connect
// already waiting in the kernel has been read; a bound counted in wall time would then blame the
// student. So stalls are measured, bounds are extended by them, and no bound ends before the
// event loop has taken in the I/O that was pending when it expired.

/** How often the stall monitor ticks, and how late a tick must be to count as a stall. */
const TICK_MS = 20;
const STALL_MIN_MS = 40;

interface Stall {
  at: number;
  ms: number;
}

const stalls: Stall[] = [];
let stalledTotal = 0;
let lastTick = performance.now();
let monitor: NodeJS.Timeout | undefined;

/** Starts the stall monitor (idempotent; it never keeps the process alive). */
export function startStallMonitor(): void {
  if (monitor) return;
  lastTick = performance.now();
  monitor = setInterval(() => {
    const now = performance.now();
    const late = now - lastTick - TICK_MS;
    if (late > STALL_MIN_MS) {
      stalls.push({ at: lastTick + TICK_MS, ms: late });
      stalledTotal += late;
      if (stalls.length > 10_000) stalls.splice(0, 5_000);
    }
    lastTick = now;
  }, TICK_MS);
  monitor.unref();
}

/** A stall in progress right now (the grader has just woken up and the monitor has not ticked yet). */
function ongoingStall(now: number): number {
  if (!monitor) return 0;
  const late = now - lastTick - TICK_MS;
  return late > STALL_MIN_MS ? late : 0;
}

/** Milliseconds the grader has been running, stalls excluded. */
export function activeNow(): number {
  const now = performance.now();
  return now - stalledTotal - ongoingStall(now);
}

/** How long the grader was stalled since `since` (a performance.now() value), and its longest stall. */
export function stallsSince(since: number): { totalMs: number; longestMs: number } {
  let totalMs = 0;
  let longestMs = 0;
  for (const s of stalls) {
    if (s.at + s.ms <= since) continue;
    const part = s.ms - Math.max(0, since - s.at);
    totalMs += part;
    longestMs = Math.max(longestMs, part);
  }
  // Only the part of a stall in progress that falls after `since`: it may have begun before.
  const now = Math.min(ongoingStall(performance.now()), Math.max(0, performance.now() - since));
  return { totalMs: totalMs + now, longestMs: Math.max(longestMs, now) };
}

/** Lets the event loop poll for I/O once more: callbacks for data already in the kernel run first. */
export function settleIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export interface Bound {
  /** Resolves once `ms` of active time have passed and pending I/O has been taken in. */
  expired: Promise<void>;
  cancel(): void;
}

/** A bound of `ms` of active time. Cancel it when the awaited event wins, so no timer lingers. */
export function startBound(ms: number): Bound {
  // No bound at all: setTimeout would turn Infinity into 1 ms.
  if (!Number.isFinite(ms)) return { expired: new Promise<void>(() => undefined), cancel: () => undefined };
  const deadline = activeNow() + ms;
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  let resolveExpired!: () => void;
  const expired = new Promise<void>((resolve) => (resolveExpired = resolve));
  const arm = (delay: number) => {
    timer = setTimeout(async () => {
      await settleIo();
      if (cancelled) return;
      const left = deadline - activeNow();
      if (left > 1) arm(left);
      else resolveExpired();
    }, Math.max(0, delay));
  };
  arm(ms);
  return {
    expired,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

/** Waits for `event` at most `ms` of active time; undefined when the bound ran out first. */
export async function within<T>(event: Promise<T>, ms: number): Promise<T | undefined> {
  const bound = startBound(ms);
  try {
    return await Promise.race([event, bound.expired.then(() => undefined)]);
  } finally {
    bound.cancel();
  }
}

/** A plain pause (for pacing, never for a verdict's bound). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
