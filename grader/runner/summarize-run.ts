// Totals of a run from its lesson results: the same arithmetic for a finished and an interrupted run.
import type { CheckResult, EndReason, LessonResult, RunResult } from '../types.ts';

export function sumScores(checks: readonly { score: number; maxScore: number }[]): { score: number; maxScore: number } {
  return checks.reduce((a, c) => ({ score: a.score + c.score, maxScore: a.maxScore + c.maxScore }), { score: 0, maxScore: 0 });
}

export function checkPassed(c: Pick<CheckResult, 'status'>): boolean {
  return c.status === 'pass' || c.status === 'skip';
}

/** A run's result; `interrupted` when it was cut short (Ctrl-C, a CI timeout's SIGTERM). */
export function summarizeRun(seed: number, lessons: LessonResult[], durationMs: number, interrupted = false): RunResult {
  const all = lessons.flatMap((l) => l.checks);
  const endReason: EndReason = interrupted ? 'interrupted' : all.every(checkPassed) ? 'passed' : 'failed';
  return { seed, lessons, durationMs, endReason, ...sumScores(lessons) };
}
