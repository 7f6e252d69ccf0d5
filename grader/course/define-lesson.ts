// Declares checks and lessons. Check ids are literal types, so a fixture that names a check the
// lesson does not have is a type error. A lesson's folder follows from its number and slug
// (lessons/05-server-loops), which also holds when the grader runs from its bundle elsewhere.
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import type { Check, Fixture, Lesson } from '../types.ts';

export function lessonFolder(lesson: Pick<Lesson, 'number' | 'slug'>): string {
  return `${String(lesson.number).padStart(2, '0')}-${lesson.slug}`;
}

export function defineCheck<const Id extends string>(check: Check<Id>): Check<Id> {
  return check;
}

type LessonInput<C extends readonly Check[]> = Omit<Lesson, 'dir' | 'checks' | 'fixtures'> & {
  checks: C;
  fixtures: Fixture<C[number]['id']>[];
};

export function defineLesson<const C extends readonly Check[]>(lesson: LessonInput<C>): Lesson {
  return { ...lesson, checks: [...lesson.checks], fixtures: lesson.fixtures, dir: join(projectRoot, 'lessons', lessonFolder(lesson)) };
}
