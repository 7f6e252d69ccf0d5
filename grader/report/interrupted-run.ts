// The result of a run cut short (Ctrl-C, a CI timeout's SIGTERM, a grader crash), built from what
// the reporters were told so far. Checks that had not finished are listed as `error` with score 0:
// they say nothing about the program, and a CI report that counts them is not mistaken for green.
import { lessonIdOf } from './lesson-info.ts';
import { sumScores, summarizeRun } from '../runner/summarize-run.ts';
import type { CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';

const NOT_RUN = 'not run: ';

export interface SeenLesson {
  lesson: Readonly<Lesson>;
  result: LessonResult;
}

export interface PartialRun {
  seed: number;
  /** Every lesson the run was to grade, in order. */
  planned: readonly Readonly<Lesson>[];
  /** Lessons that started, with the checks that finished. */
  seen: readonly SeenLesson[];
  /** Only these checks were to run (all when empty). */
  only: readonly string[];
  durationMs: number;
}

/** Why the run stopped, as the not-run checks say it: "the grader was stopped by SIGTERM". */
export function buildInterruptedRun(partial: PartialRun, why: string): RunResult {
  const lessons: LessonResult[] = partial.planned.map((lesson, i) => {
    const seen = partial.seen[i];
    const base: LessonResult = seen?.result ?? { id: lessonIdOf(lesson), slug: lesson.slug, title: lesson.title, program: '', checks: [], score: 0, maxScore: 0 };
    const done = new Set(base.checks.map((c) => c.id));
    const missing = lesson.checks.filter((c) => !done.has(c.id) && (partial.only.length === 0 || partial.only.includes(c.id)));
    const checks = [...base.checks, ...missing.map((c) => notRunCheck(c.id, c.title, c.points ?? 1, why))];
    return { ...base, checks, ...sumScores(checks) };
  });
  return summarizeRun(partial.seed, lessons, partial.durationMs, true);
}

function notRunCheck(id: string, title: string, points: number, why: string): CheckResult {
  const message = `${NOT_RUN}${why} before this check finished; the result says nothing about your program`;
  return { id, title, status: 'error', message, output: [], durationMs: 0, transcripts: [], score: 0, maxScore: points, notes: [message] };
}

/** True for a check the run never finished (it was interrupted), as opposed to one that ended in error. */
export function isNotRun(check: Pick<CheckResult, 'status' | 'notes'>): boolean {
  return check.status === 'error' && (check.notes?.some((n) => n.startsWith(NOT_RUN)) ?? false);
}
