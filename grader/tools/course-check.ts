// The course self-check as a list of items, each a claim about a lesson or the course with a way to
// test it: the solutions pass every check, the untouched stubs fail, each fixture fails exactly the
// checks it names, the check ids are the curriculum's and appear in the text, and every folder
// belongs to a lesson. `npm run course:check` and test/course/course.test.ts run the same items.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lessonFolder } from '../course/define-lesson.ts';
import { renderLesson } from '../course/render-lesson.ts';
import { projectRoot } from '../paths.ts';
import type { Lesson } from '../types.ts';
import { compareWithContract } from './course-contract.ts';
import { checkFolders, checkLessonNames } from './course-folders.ts';
import { compareStatuses, gradeLesson, hasPython, judgeStub, pythonCommand, type ItemOutcome } from './course-grading.ts';

export type { ItemOutcome } from './course-grading.ts';

export interface CourseItem {
  /** The claim, as a sentence ("the TypeScript solution passes every check"). */
  title: string;
  /** Why it cannot be tested on this machine (no python3); it is then skipped. */
  unavailable?: string;
  /** True when it grades programs (slow, and worth running a few at a time). */
  grades: boolean;
  run(): Promise<ItemOutcome>;
}

const holds = (problems: string[], notes: string[] = []): ItemOutcome => ({ problems, notes });

export function lessonItems(lesson: Lesson, root = projectRoot): CourseItem[] {
  const ids = lesson.checks.map((c) => c.id);
  const noPython = hasPython() ? undefined : 'python3 is not installed';
  const items: CourseItem[] = [
    {
      title: 'its check ids are unique and are the curriculum\'s',
      grades: false,
      run: async () => {
        const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
        return holds([...(twice.length ? [`check ids used twice: ${[...new Set(twice)].join(', ')}`] : []), ...compareWithContract(lesson)]);
      },
    },
    {
      title: 'its text renders with every template variable known, and names every check',
      grades: false,
      run: async () => {
        let text: string;
        try {
          text = renderLesson(lesson);
        } catch (err) {
          return holds([`lesson.md does not render: ${err instanceof Error ? err.message : String(err)}`]);
        }
        return holds(ids.filter((id) => !text.includes(id)).map((id) => `lesson.md never mentions the check ${id}`));
      },
    },
    {
      title: 'its fixtures exist and name real checks, and every check has a fixture that fails it',
      grades: false,
      run: async () => holds(checkFixtureList(lesson)),
    },
    {
      title: 'the TypeScript solution passes every check',
      grades: true,
      run: async () => compareStatuses(await gradeLesson(lesson, { kind: 'file', path: lesson.solution }), () => 'pass'),
    },
    {
      title: 'the untouched stub fails',
      grades: true,
      run: async () => judgeStub(await gradeLesson(lesson, { kind: 'file', path: lesson.exercise })),
    },
  ];
  for (const [title, path, judge] of [
    ['the Python solution passes every check (through --cmd)', lesson.solution.replace(/\.ts$/, '.py'), 'pass'],
    ['the untouched Python stub fails', lesson.exercise.replace(/\.ts$/, '.py'), 'stub'],
  ] as const) {
    if (!path.endsWith('.py') || !existsSync(join(root, path))) continue;
    items.push({
      title,
      unavailable: noPython,
      grades: true,
      run: async () => {
        const results = await gradeLesson(lesson, pythonCommand(path));
        return judge === 'pass' ? compareStatuses(results, () => 'pass') : judgeStub(results);
      },
    });
  }
  for (const fixture of lesson.fixtures) {
    const skips = fixture.skips ?? [];
    items.push({
      title: `fixture ${fixture.file} fails exactly ${fixture.fails.join(', ')}${skips.length ? ` and skips ${skips.join(', ')}` : ''}`,
      unavailable: fixture.file.endsWith('.py') ? noPython : undefined,
      grades: true,
      run: async () => {
        const results = await gradeLesson(lesson, { kind: 'file', path: join(lesson.dir, fixture.file) });
        return compareStatuses(results, (id) => (fixture.fails.includes(id) ? 'fail' : skips.includes(id) ? 'skip' : 'pass'));
      },
    });
  }
  return items;
}

/** Fixture files exist, name checks the lesson has, fail at least one; every check is failed by one. */
export function checkFixtureList(lesson: Lesson): string[] {
  const ids = lesson.checks.map((c) => c.id);
  const problems: string[] = [];
  for (const f of lesson.fixtures) {
    if (!existsSync(join(lesson.dir, f.file))) problems.push(`fixture ${f.file} does not exist (paths are relative to lessons/${lessonFolder(lesson)}/)`);
    const unknown = [...f.fails, ...(f.skips ?? [])].filter((id) => !ids.includes(id));
    if (unknown.length) problems.push(`fixture ${f.file} names checks the lesson does not have: ${unknown.join(', ')}`);
    if (f.fails.length === 0) problems.push(`fixture ${f.file} fails no check: a fixture exists to prove that some check can fail`);
    const both = f.fails.filter((id) => f.skips?.includes(id));
    if (both.length) problems.push(`fixture ${f.file} both fails and skips ${both.join(', ')}`);
  }
  const covered = new Set(lesson.fixtures.flatMap((f) => f.fails));
  const uncovered = ids.filter((id) => !covered.has(id));
  if (uncovered.length) problems.push(`no fixture fails ${uncovered.join(', ')}: add a known-broken program that does, so the check is proven able to fail`);
  return problems;
}

export function courseItems(course: readonly Lesson[], root = projectRoot): CourseItem[] {
  return [
    { title: 'lesson numbers and slugs are unique, in order', grades: false, run: async () => checkLessonNames(course) },
    { title: 'every exercise and solution folder belongs to a lesson, and every lesson\'s files exist', grades: false, run: async () => checkFolders(course, root) },
  ];
}
