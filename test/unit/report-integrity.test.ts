import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashCourse, listCourseFiles } from '../../grader/integrity/course-files.ts';
import { stampCourse, writeCourseLock } from '../../grader/integrity/course-lock.ts';
import { verifyCourse } from '../../grader/integrity/verify-course.ts';

/** A small course tree laid out like the project's. */
function makeCourse(): string {
  const root = mkdtempSync(join(tmpdir(), 'course-'));
  const files: Record<string, string> = {
    'grader/cli.ts': 'export {};\n',
    'grader/report/json-reporter.ts': 'export const a = 1;\n',
    'grader/notes.md': 'not part of the course\n',
    'lessons/05-server-loops/checks/many-messages.ts': 'export const check = "echo";\n',
    'lessons/05-server-loops/lesson.md': 'text is not graded\n',
    'bin/grade.mjs': 'console.log(1);\n',
    'bin/deep/ignored.mjs': '',
    'package-lock.json': '{}\n',
    'README.md': 'no\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('the course digest', () => {
  it('covers the grader\'s and lessons\' TypeScript, bin/*.mjs and package-lock.json, sorted', () => {
    const root = makeCourse();
    roots.push(root);
    expect(listCourseFiles(root)).toEqual(['bin/grade.mjs', 'grader/cli.ts', 'grader/report/json-reporter.ts', 'lessons/05-server-loops/checks/many-messages.ts', 'package-lock.json']);
    expect(hashCourse(root).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is the same with CRLF line endings, and changes with a path or a byte', () => {
    const root = makeCourse();
    roots.push(root);
    const before = hashCourse(root).digest;
    writeFileSync(join(root, 'grader/cli.ts'), 'export {};\r\n');
    expect(hashCourse(root).digest).toBe(before);
    writeFileSync(join(root, 'grader/cli.ts'), 'export { };\n');
    expect(hashCourse(root).digest).not.toBe(before);
  });

  it('detects a changed check file, names it, and stamps reports as not published', () => {
    const root = makeCourse();
    roots.push(root);
    expect(verifyCourse(root)).toEqual({ ok: false, lines: ['course not verified: there is no course.lock.json: run npm run course:lock to publish the course'] });
    const lock = writeCourseLock(root);
    expect(verifyCourse(root).ok).toBe(true);
    expect(stampCourse(root)).toEqual({ digest: lock.digest, published: true });
    appendFileSync(join(root, 'lessons/05-server-loops/checks/many-messages.ts'), 'export const easier = true;\n');
    writeFileSync(join(root, 'grader/extra.ts'), 'export {};\n');
    const verdict = verifyCourse(root);
    expect(verdict.ok).toBe(false);
    expect(verdict.lines.slice(1)).toEqual(['  changed  lessons/05-server-loops/checks/many-messages.ts', '  added    grader/extra.ts']);
    expect(stampCourse(root).published).toBe(false);
  });
});
