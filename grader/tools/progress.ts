// The student's progress through the course: which lessons their exercise has passed, and when.
// One small JSON file in their checkout (.handshake/progress.json, git-ignored), written whole.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lessonId } from '../runner/run-lessons.ts';
import type { Lesson } from '../types.ts';

export const PROGRESS_FILE = join('.handshake', 'progress.json');

export interface Progress {
  version: 1;
  /** Lesson id (lesson5) → when its exercise first passed every check (ISO 8601). */
  passed: Record<string, string>;
}

export function emptyProgress(): Progress {
  return { version: 1, passed: {} };
}

/** No file, or one that is not ours (hand-edited, half a file): start from nothing rather than stop. */
export function readProgress(root: string): Progress {
  try {
    const data = JSON.parse(readFileSync(join(root, PROGRESS_FILE), 'utf8')) as Partial<Progress>;
    if (data.version !== 1 || typeof data.passed !== 'object' || data.passed === null) return emptyProgress();
    const passed = Object.fromEntries(Object.entries(data.passed).filter(([, v]) => typeof v === 'string'));
    return { version: 1, passed };
  } catch {
    return emptyProgress();
  }
}

/** Written beside the file and renamed: a watch stopped mid-write never leaves half a file. */
export function writeProgress(root: string, progress: Progress): void {
  const path = join(root, PROGRESS_FILE);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(partial, path);
}

/** The first passing is what counts; a later pass keeps its date. */
export function markPassed(progress: Progress, lesson: Pick<Lesson, 'number'>, when: Date): Progress {
  const id = lessonId(lesson);
  if (progress.passed[id]) return progress;
  return { ...progress, passed: { ...progress.passed, [id]: when.toISOString() } };
}

export function hasPassed(progress: Progress, lesson: Pick<Lesson, 'number'>): boolean {
  return Boolean(progress.passed[lessonId(lesson)]);
}

/** Where a student picks up: the first lesson not passed yet (the last one when all are). */
export function lessonToWatch<L extends Pick<Lesson, 'number'>>(course: readonly L[], progress: Progress): L | undefined {
  return course.find((l) => !hasPassed(progress, l)) ?? course.at(-1);
}

export function countPassed(course: readonly Pick<Lesson, 'number'>[], progress: Progress): number {
  return course.filter((l) => hasPassed(progress, l)).length;
}
