// Turns what a user typed (lesson5, 5, 05, server-loops, 05-server-loops) into lessons.
import type { Lesson } from '../types.ts';
import { lessonFolder } from './define-lesson.ts';

export class UnknownLessonError extends Error {}

export function matchesLesson(lesson: Lesson, id: string): boolean {
  const wanted = id.trim().toLowerCase();
  const numeric = /^(?:lesson)?0*(\d+)$/.exec(wanted);
  if (numeric) return Number(numeric[1]) === lesson.number;
  return wanted === lesson.slug || wanted === lessonFolder(lesson);
}

/** No ids means every lesson; an id that names no lesson is an error that lists the real ones. */
export function resolveLessons(course: Lesson[], ids: string[]): Lesson[] {
  if (ids.length === 0) return course;
  return ids.map((id) => {
    const lesson = course.find((l) => matchesLesson(l, id));
    if (!lesson) {
      const known = course.map((l) => `lesson${l.number} (${l.slug})`).join(', ');
      throw new UnknownLessonError(`no lesson "${id}": the course has ${known}`);
    }
    return lesson;
  });
}
