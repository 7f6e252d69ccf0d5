// `--verify-course`: is this the course as published? Names every file that differs from the lock.
import { hashCourse } from './course-files.ts';
import { compareCourse, LOCK_FILE, readCourseLock } from './course-lock.ts';

export interface CourseVerdict {
  ok: boolean;
  /** Lines for the terminal: a one-line verdict, then one line per file that differs. */
  lines: string[];
}

export function verifyCourse(root: string): CourseVerdict {
  const lock = readCourseLock(root);
  if (typeof lock === 'string') return { ok: false, lines: [`course not verified: ${lock}`] };
  const current = hashCourse(root);
  if (current.digest === lock.digest) return { ok: true, lines: [`course verified: ${current.digest} matches ${LOCK_FILE}`] };
  const diff = compareCourse(current, lock);
  return {
    ok: false,
    lines: [
      `course changed: ${current.digest} is not the published ${lock.digest} (${LOCK_FILE})`,
      ...diff.changed.map((p) => `  changed  ${p}`),
      ...diff.added.map((p) => `  added    ${p}`),
      ...diff.removed.map((p) => `  removed  ${p}`),
    ],
  };
}
