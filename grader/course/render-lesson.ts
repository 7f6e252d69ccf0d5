// Renders a lesson's text: Handlebars-templated Markdown filled with the lesson's own facts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Lesson } from '../types.ts';

export function lessonContext(lesson: Lesson) {
  const id = `lesson${lesson.number}`;
  return {
    lesson: { number: lesson.number, id, slug: lesson.slug, title: lesson.title },
    exercise: lesson.exercise,
    solution: lesson.solution,
    grade: `npm run grade ${id}`,
    checks: lesson.checks.map((c) => ({ id: c.id, title: c.title })),
  };
}

export function renderLesson(lesson: Lesson): string {
  const source = readFileSync(join(lesson.dir, 'lesson.md'), 'utf8');
  // Markdown, not HTML: nothing to escape. Strict: a misspelt variable is an error, not a blank.
  const template = Handlebars.compile(source, { noEscape: true, strict: true });
  return template(lessonContext(lesson));
}
