// Runs one check in its own scope: its bound (in the grader's active time), teardown always, and
// the verdict turned into a result. A failure seen while the grader itself was stalled is not
// trusted: the caller re-runs it.
import { CheckFailure, CheckSkipped, GraderTimeout } from '../errors.ts';
import { checkBoundExceeded, describeLimit, internalErrorMessage } from '../messages/grader.ts';
import { composeFailure } from '../report/compose-message.ts';
import { startBound, stallsSince } from '../timing.ts';
import type { Check, CheckResult, Verdict } from '../types.ts';
import { Harness, type HarnessOptions } from './harness.ts';
import { deriveSeed } from './rng.ts';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
/** A check during which the grader was stalled this long is judged again. */
export const STALL_RERUN_MS = 300;

type Outcome = Verdict | { status: 'error'; message: string };

export interface CheckRun {
  result: CheckResult;
  /** It ran on the shared copy after other checks had used it: a non-pass must be confirmed on a fresh copy. */
  needsFreshRun: boolean;
  /** The grader stalled for long enough during the check to doubt a non-pass. */
  stall?: { totalMs: number; longestMs: number };
}

export async function runCheck(check: Check, options: Omit<HarnessOptions, 'seed'> & { seed: number }): Promise<CheckRun> {
  const started = performance.now();
  const harness = new Harness({ ...options, seed: deriveSeed(options.seed, check.id) });
  let outcome: Outcome;
  let startupFailure = false;
  try {
    outcome = await withBound(check.run(harness), check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  } catch (err) {
    outcome = toOutcome(err);
    startupFailure = err instanceof CheckFailure && err.phase === 'startup';
  }
  try {
    await harness.teardown();
  } catch (err) {
    outcome = { status: 'error', message: internalErrorMessage(err) };
  }
  // A program stopped at a cap fails for that reason, whatever the check concluded from its absence.
  const limit = harness.limitHit();
  if (limit) outcome = { status: 'fail', details: describeLimit(limit) };
  const stall = stallsSince(started);
  const points = check.points ?? 1;
  const base = {
    id: check.id,
    title: check.title,
    output: harness.outputTail(),
    durationMs: performance.now() - started,
    transcripts: harness.transcripts(),
    maxScore: points,
    score: outcome.status === 'pass' || outcome.status === 'skip' ? points : 0,
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
    ...(stall.totalMs >= STALL_RERUN_MS ? { stall } : {}),
  };
}

function toOutcome(err: unknown): Outcome {
  if (err instanceof CheckFailure) return { status: 'fail', details: err.details };
  if (err instanceof CheckSkipped) return { status: 'skip', reason: err.message };
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
