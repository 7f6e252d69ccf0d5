// What reports need to know about a lesson beyond its result: its id and its folder, by id.
import { displayPath } from '../paths.ts';
import type { Lesson } from '../types.ts';

/** The id reports use (lesson5); the same rule as the runner's, kept here so reports need no engine. */
export function lessonIdOf(lesson: Pick<Lesson, 'number'>): string {
  return `lesson${lesson.number}`;
}

/** Lesson id → the lesson's folder as the report shows it (lessons/05-server-loops). */
export function lessonFolders(lessons: readonly Pick<Lesson, 'number' | 'dir'>[]): Map<string, string> {
  return new Map(lessons.map((l) => [lessonIdOf(l), displayPath(l.dir)]));
}
