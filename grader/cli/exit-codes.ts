// The grader's exit codes, one meaning each, so CI can tell a student's failure from the grader's.
import type { RunResult } from '../types.ts';

export const EXIT = {
  /** Every check passed (skips allowed). */
  passed: 0,
  /** At least one check failed: the program is at fault. */
  failed: 1,
  /** The command line was wrong; nothing was graded. */
  usage: 2,
  /** No check failed, but at least one ended in error: the grader is at fault, the grade says nothing. */
  graderError: 3,
  /** --verify-course: the grader or the checks differ from course.lock.json. */
  courseChanged: 4,
  /** The grader itself crashed ("internal error"). */
  internal: 70,
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

export function exitCodeFor(run: Pick<RunResult, 'lessons' | 'endReason'>): number {
  const all = run.lessons.flatMap((l) => l.checks);
  if (run.endReason === 'interrupted') return EXIT.SIGINT;
  if (all.some((c) => c.status === 'fail')) return EXIT.failed;
  if (all.some((c) => c.status === 'error')) return EXIT.graderError;
  return EXIT.passed;
}
