// Scaffolds a new lesson (npm run new-lesson -- NN-slug): writes its files and registers it in
// lessons/index.ts, refusing anything that would overwrite or clash with what is there.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lessonFolder } from '../course/define-lesson.ts';
import type { Lesson } from '../types.ts';
import { CURRICULUM } from './course-contract.ts';
import { registerLesson, RegisterError } from './register-lesson.ts';
import { scaffoldFiles, type ScaffoldNames } from './scaffold-templates.ts';

export class ScaffoldError extends Error {
  /** True when what was typed is wrong (exit 2), not the state of the project. */
  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

/** "11-greeting" → its number, slug, folder and a first title; anything else is refused with the form it needs. */
export function parseLessonName(text: string): ScaffoldNames {
  const m = /^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(text.trim());
  if (!m) throw new ScaffoldError(`"${text}" is not NN-slug: a number, a hyphen and a slug of a-z, 0-9 and single hyphens, e.g. 11-greeting`, true);
  const number = Number(m[1]);
  if (number < 1) throw new ScaffoldError('lesson numbers start at 1', true);
  const slug = m[2]!;
  const folder = lessonFolder({ number, slug });
  const words = slug.replace(/-/g, ' ');
  return { number, slug, folder, title: `${words[0]!.toUpperCase()}${words.slice(1)}` };
}

export interface ScaffoldResult {
  written: string[];
  /** What the author must know: the curriculum's checks for this number, if it has any. */
  notes: string[];
}

export function scaffoldLesson(root: string, names: ScaffoldNames, course: readonly Pick<Lesson, 'number' | 'slug'>[]): ScaffoldResult {
  const taken = course.find((l) => l.number === names.number || l.slug === names.slug);
  if (taken) throw new ScaffoldError(`the course already has lesson ${taken.number} (${taken.slug}): choose another ${taken.number === names.number ? 'number' : 'slug'}`);
  const files = scaffoldFiles(names);
  const existing = [join('lessons', names.folder), join('exercises', names.folder), join('solutions', names.folder)].filter((p) => existsSync(join(root, p)));
  if (existing.length) throw new ScaffoldError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing was written`);
  const indexPath = join(root, 'lessons', 'index.ts');
  let index: string;
  try {
    index = registerLesson(readFileSync(indexPath, 'utf8'), names);
  } catch (err) {
    if (err instanceof RegisterError) throw new ScaffoldError(err.message);
    throw err;
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, { flag: 'wx' });
  }
  writeFileSync(indexPath, index);
  const notes: string[] = [];
  const contract = CURRICULUM[names.number];
  if (contract) {
    notes.push(`the curriculum's lesson ${names.number} is "${contract.slug}" with the checks ${contract.checks.join(', ')}: course:check fails until the lesson has exactly those${contract.slug === names.slug ? '' : ` (and the slug ${contract.slug})`}`);
  }
  return { written: [...Object.keys(files), 'lessons/index.ts'], notes };
}
