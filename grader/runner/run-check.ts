// Runs one check in isolation: its own program, its own port, its own time bound, teardown always.
import { CheckFailure, CheckSkipped, GraderTimeout, internalErrorMessage } from '../errors.ts';
import { composeFailure } from '../report/compose-message.ts';
import type { ProgramSpec } from '../process/program-spec.ts';
import type { Check, CheckResult, Verdict } from '../types.ts';
import { Harness } from './harness.ts';
import { deriveSeed } from './rng.ts';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

export interface RunCheckOptions {
  program: ProgramSpec;
  seed: number;
}

export async function runCheck(check: Check, options: RunCheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const harness = new Harness({ program: options.program, seed: deriveSeed(options.seed, check.id) });
  let verdict: Verdict | { status: 'error'; message: string };
  let startupFailure = false;
  try {
    verdict = await withBound(check.run(harness), check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  } catch (err) {
    verdict = toVerdict(err);
    startupFailure = err instanceof CheckFailure && err.phase === 'startup';
  }
  try {
    await harness.teardown();
  } catch (err) {
    verdict = { status: 'error', message: internalErrorMessage(err) };
  }
  const base = {
    id: check.id,
    title: check.title,
    output: harness.outputTail(),
    durationMs: performance.now() - started,
    transcripts: harness.transcripts(),
  };
  switch (verdict.status) {
    case 'pass':
      return { ...base, status: 'pass', message: verdict.summary ?? '' };
    case 'fail':
      return { ...base, status: 'fail', message: composeFailure(verdict.details), details: verdict.details, ...(startupFailure ? { startupFailure } : {}) };
    case 'skip':
      return { ...base, status: 'skip', message: verdict.reason };
    case 'error':
      return { ...base, status: 'error', message: verdict.message };
  }
}

function toVerdict(err: unknown): Verdict | { status: 'error'; message: string } {
  if (err instanceof CheckFailure) return { status: 'fail', details: err.details };
  if (err instanceof CheckSkipped) return { status: 'skip', reason: err.message };
  if (err instanceof GraderTimeout) return { status: 'error', message: err.message };
  return { status: 'error', message: internalErrorMessage(err) };
}

/** The grader's own bound on a check: every wait inside should end sooner; this catches the ones that don't. */
function withBound<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GraderTimeout(`the check did not finish within the grader's bound of ${ms / 1000} s; this is a grader limit, the result says nothing about your program`)), ms);
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}
