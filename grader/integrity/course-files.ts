// The files that decide a grade: the grader, the lessons' checks, the launchers and the exact
// dependencies. Their digest says whether a grading ran the course as published.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder, file ending, and whether sub-folders count; then single files. */
const TREES: [string, string, boolean][] = [
  ['grader', '.ts', true],
  ['lessons', '.ts', true],
  ['bin', '.mjs', false],
];
const SINGLE_FILES = ['package-lock.json'];

export interface CourseHashes {
  /** sha256 over every file's path and content, in path order ("sha256:…"). */
  digest: string;
  /** Path (with /) → sha256 of its content. */
  files: Record<string, string>;
}

/** The course's files, as sorted paths relative to `root` with / separators. */
export function listCourseFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (rel: string, ending: string, deep: boolean) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory() && deep && entry.name !== 'node_modules') walk(path, ending, deep);
      else if (entry.isFile() && entry.name.endsWith(ending)) found.push(path);
    }
  };
  for (const [dir, ending, deep] of TREES) if (existsSync(join(root, dir))) walk(dir, ending, deep);
  for (const file of SINGLE_FILES) if (existsSync(join(root, file))) found.push(file);
  // Plain code-unit order: the same on every system and locale.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function hashCourse(root: string): CourseHashes {
  const files: Record<string, string> = {};
  const whole = createHash('sha256');
  for (const path of listCourseFiles(root)) {
    // Line endings are normalized: a checkout with CRLF (git on Windows) is the same course.
    const content = readFileSync(join(root, path), 'utf8').replace(/\r\n/g, '\n');
    const hash = createHash('sha256').update(content).digest('hex');
    files[path] = hash;
    whole.update(`${path}\0${hash}\n`);
  }
  return { digest: `sha256:${whole.digest('hex')}`, files };
}
