// Declares a lesson; its folder follows from its number and slug (lessons/05-server-loops),
// which also holds when the grader runs from its bundle elsewhere.
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import type { Lesson } from '../types.ts';

export function lessonFolder(lesson: Pick<Lesson, 'number' | 'slug'>): string {
  return `${String(lesson.number).padStart(2, '0')}-${lesson.slug}`;
}

export function defineLesson(lesson: Omit<Lesson, 'dir'>): Lesson {
  return { ...lesson, dir: join(projectRoot, 'lessons', lessonFolder(lesson)) };
}
