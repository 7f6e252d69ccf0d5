// The course's folders against its manifest: every exercise and solution folder belongs to a
// registered lesson, every lesson's files exist where it says, and numbers and slugs are unique.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lessonFolder } from '../course/define-lesson.ts';
import type { Lesson } from '../types.ts';
import type { ItemOutcome } from './course-grading.ts';

function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== '__pycache__').map((e) => e.name);
}

/** Exercise and solution folders no registered lesson owns; a lesson folder not yet registered is a note. */
export function checkFolders(course: readonly Lesson[], root: string): ItemOutcome {
  const problems: string[] = [];
  const notes: string[] = [];
  const registered = new Set(course.map(lessonFolder));
  const unregistered = folders(join(root, 'lessons')).filter((name) => !registered.has(name));
  for (const name of unregistered) notes.push(`lessons/${name} is not in lessons/index.ts yet (a lesson being written?): nothing of it is checked`);
  for (const base of ['exercises', 'solutions']) {
    for (const name of folders(join(root, base))) {
      if (registered.has(name) || unregistered.includes(name)) continue;
      problems.push(`${base}/${name} belongs to no lesson: no lessons/${name}. Rename it after its lesson (NN-slug), or remove it`);
    }
  }
  for (const lesson of course) {
    const folder = lessonFolder(lesson);
    for (const [what, path, base] of [['exercise', lesson.exercise, 'exercises'], ['solution', lesson.solution, 'solutions']] as const) {
      if (!existsSync(join(root, path))) problems.push(`lesson${lesson.number}'s ${what} ${path} does not exist`);
      else if (!path.startsWith(`${base}/${folder}/`)) problems.push(`lesson${lesson.number}'s ${what} ${path} is outside ${base}/${folder}/, where students and the tools look for it`);
    }
    if (!existsSync(join(root, 'lessons', folder, 'lesson.md'))) problems.push(`lessons/${folder}/lesson.md does not exist`);
  }
  return { problems, notes };
}

/** Two lessons with one number or one slug would make `npm run grade 5` ambiguous. */
export function checkLessonNames(course: readonly Lesson[]): ItemOutcome {
  const problems: string[] = [];
  const twice = <T>(values: T[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
  for (const n of twice(course.map((l) => l.number))) problems.push(`two lessons are number ${n}`);
  for (const s of twice(course.map((l) => l.slug))) problems.push(`two lessons have the slug ${s}`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(course.map((l) => l.slug).join('-') || 'x')) problems.push('a slug has characters other than a-z, 0-9 and single hyphens');
  const numbers = course.map((l) => l.number);
  if (numbers.some((n, i) => i > 0 && n < numbers[i - 1]!)) problems.push(`lessons/index.ts lists the lessons out of order (${numbers.join(', ')})`);
  return { problems, notes: [] };
}
