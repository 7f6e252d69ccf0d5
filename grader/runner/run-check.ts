// Runs one check in its own scope: its bound (in the grader's active time), teardown always, and
// the verdict turned into a result. A failure seen while the grader itself was stalled is not
// trusted: the caller re-runs it.
import { CheckFailure, CheckSkipped, GraderTimeout } from '../errors.ts';
import { checkBoundExceeded, describeLimit, internalErrorMessage, outputCapped } from '../messages/grader.ts';
import { OUTPUT_CAP_BYTES } from '../process/output-tail.ts';
import { composeFailure } from '../report/compose-message.ts';
import { startBound, stallsSince } from '../timing.ts';
import type { Check, CheckResult, Verdict } from '../types.ts';
import { Harness, type HarnessOptions } from './harness.ts';
import { deriveSeed } from './rng.ts';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
/**
 * A check during which the grader stopped for this long at a stretch is judged again when it does
 * not pass. Its bounds already exclude the stall; this guards what a bound cannot (a program's own
 * timers ran on while the grader slept). Short lags on a busy machine are common and harmless.
 */
export const STALL_RERUN_MS = 1000;

type Outcome = Verdict | { status: 'error'; message: string };

export interface CheckRun {
  result: CheckResult;
  /** It ran out of patience on the shared copy (see RunCheckOptions.patienceMs): judge it on a fresh copy. */
  abandoned?: boolean;
  /** It ran on the shared copy after other checks had used it: a non-pass must be confirmed on a fresh copy. */
  needsFreshRun: boolean;
  /** The grader stalled for long enough during the check to doubt a non-pass. */
  stall?: { totalMs: number; longestMs: number };
}

export interface RunCheckOptions extends Omit<HarnessOptions, 'seed'> {
  seed: number;
  /**
   * On the shared copy, how long a check may take once its program is ready. A check that takes
   * longer is waiting for a bound (a broken program) or for a slow one: it is given up and judged
   * on a fresh copy, so a failing program's checks wait out their bounds side by side, not in a row.
   */
  patienceMs?: number;
}

const ABANDONED = Symbol('abandoned');

export async function runCheck(check: Check, options: RunCheckOptions): Promise<CheckRun> {
  const started = performance.now();
  const harness = new Harness({ ...options, seed: deriveSeed(options.seed, check.id) });
  let outcome: Outcome;
  let startupFailure = false;
  try {
    const work = withBound(check.run(harness), check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
    const patience = options.patienceMs === undefined ? undefined : afterStart(harness, options.patienceMs);
    const first = await (patience ? Promise.race([work, patience.expired.then(() => ABANDONED)]) : work);
    patience?.cancel();
    if (first === ABANDONED) {
      // The check goes on until its next step finds the harness closed; nothing of it is reported.
      work.catch(() => undefined);
      await harness.teardown().catch(() => undefined);
      return { result: { id: check.id, title: check.title, status: 'skip', message: '', output: [], durationMs: 0, transcripts: [], score: 0, maxScore: 0 }, abandoned: true, needsFreshRun: true };
    }
    outcome = first as Outcome;
  } catch (err) {
    outcome = toOutcome(err);
    startupFailure = err instanceof CheckFailure && err.phase === 'startup';
  }
  // The program's last lines as they were at the verdict: stopping it and closing its peers may make it print more.
  const output = harness.outputTail();
  try {
    await harness.teardown();
  } catch (err) {
    outcome = { status: 'error', message: internalErrorMessage(err) };
  }
  // A program stopped at a cap fails for that reason, whatever the check concluded from its absence.
  const limit = harness.limitHit();
  if (limit) outcome = { status: 'fail', details: describeLimit(limit) };
  const printed = harness.program?.output.total ?? 0;
  if (printed > OUTPUT_CAP_BYTES) harness.notes.push(outputCapped(printed, OUTPUT_CAP_BYTES));
  const stall = stallsSince(started);
  const points = check.points ?? 1;
  const base = {
    id: check.id,
    title: check.title,
    output,
    durationMs: performance.now() - started,
    transcripts: harness.transcripts(),
    // A check this machine cannot judge counts for nothing either way; one skipped because another
    // check found the problem earns nothing (the other check's failure says why).
    maxScore: outcome.status === 'skip' && outcome.environment ? 0 : points,
    score: outcome.status === 'pass' ? points : 0,
    ...(harness.notes.length ? { notes: [...harness.notes] } : {}),
  };
  const result: CheckResult =
    outcome.status === 'pass'
      ? { ...base, status: 'pass', message: outcome.summary ?? '' }
      : outcome.status === 'fail'
        ? { ...base, status: 'fail', message: composeFailure(outcome.details), details: outcome.details, ...(startupFailure ? { startupFailure } : {}) }
        : outcome.status === 'skip'
          ? { ...base, status: 'skip', message: outcome.reason }
          : { ...base, status: 'error', message: outcome.message };
  return {
    result,
    needsFreshRun: harness.usedSharedAfterOthers && !startupFailure,
    ...(stall.longestMs >= STALL_RERUN_MS ? { stall } : {}),
  };
}

/** A bound that starts when the harness's program is ready. */
function afterStart(harness: Harness, ms: number): { expired: Promise<void>; cancel(): void } {
  let bound: ReturnType<typeof startBound> | undefined;
  let cancelled = false;
  const expired = harness.started.then(() => {
    if (cancelled) return new Promise<void>(() => undefined);
    bound = startBound(ms);
    return bound.expired;
  });
  return { expired, cancel: () => ((cancelled = true), bound?.cancel()) };
}

function toOutcome(err: unknown): Outcome {
  if (err instanceof CheckFailure) return { status: 'fail', details: err.details };
  // CheckSkipped is the machine's (no IPv6, no /proc): it costs the student nothing.
  if (err instanceof CheckSkipped) return { status: 'skip', reason: err.message, environment: true };
  if (err instanceof GraderTimeout) return { status: 'error', message: err.message };
  return { status: 'error', message: internalErrorMessage(err) };
}

/** The grader's own bound on a check: every wait inside should end sooner; this catches the ones that don't. */
async function withBound<T>(work: Promise<T>, ms: number): Promise<T> {
  const bound = startBound(ms);
  try {
    return await Promise.race([work, bound.expired.then((): never => { throw new GraderTimeout(checkBoundExceeded(ms)); })]);
  } finally {
    bound.cancel();
  }
}
