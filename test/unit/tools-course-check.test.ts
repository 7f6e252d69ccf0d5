// The course self-check's rules as pure functions, its report, and the lesson scaffold's pieces
// (naming, registering in lessons/index.ts, refusals), without grading anything.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFixtureList, type CourseItem } from '../../grader/tools/course-check.ts';
import { runCourseCheck } from '../../grader/tools/course-check-report.ts';
import { compareWithContract, CURRICULUM } from '../../grader/tools/course-contract.ts';
import { checkFolders, checkLessonNames } from '../../grader/tools/course-folders.ts';
import { compareStatuses, judgeStub } from '../../grader/tools/course-grading.ts';
import { lessonVariable, RegisterError, registerLesson } from '../../grader/tools/register-lesson.ts';
import { parseLessonName, ScaffoldError, scaffoldLesson } from '../../grader/tools/scaffold-lesson.ts';
import type { CheckResult, Lesson } from '../../grader/types.ts';
import { course } from '../../lessons/index.ts';

const check = (id: string) => ({ id, title: id, run: async () => ({ status: 'pass' as const }) });
const lesson = (over: Partial<Lesson> = {}): Lesson => ({ number: 5, slug: 'server-loops', title: 'T', dir: '/nowhere/05-server-loops', exercise: 'exercises/05-server-loops/server.ts', solution: 'solutions/05-server-loops/server.ts', checks: CURRICULUM[5]!.checks.map(check), fixtures: [], ...over });
const result = (id: string, status: CheckResult['status'], maxScore = 1): CheckResult => ({ id, title: id, status, message: `${id} said so`, output: ['last line'], durationMs: 1, transcripts: [], score: 0, maxScore });

describe('the curriculum contract', () => {
  it('holds for every registered lesson', () => {
    for (const l of course) expect(compareWithContract(l), `lesson ${l.number}`).toEqual([]);
  });

  it('names missing and extra ids and a wrong slug; a lesson beyond the table has no contract', () => {
    const wrong = lesson({ slug: 'loops', checks: [check('many-messages'), check('echoes')] });
    const problems = compareWithContract(wrong);
    expect(problems[0]).toMatch(/"server-loops" in the curriculum, not "loops"/);
    expect(problems[1]).toMatch(/lacks: sequential-clients, client-disconnect/);
    expect(problems[2]).toMatch(/does not name: echoes/);
    expect(compareWithContract(lesson({ number: 42, slug: 'x' }))).toEqual([]);
  });
});

describe('fixture list', () => {
  it('wants every check failed by some fixture, and fixtures that exist and name real checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
    writeFileSync(join(dir, 'a.py'), '');
    const l = lesson({ dir, checks: [check('x'), check('y')], fixtures: [{ file: 'a.py', fails: ['x'], skips: ['x'], bug: '' }, { file: 'gone.py', fails: ['z' as 'x'], bug: '' }] });
    const problems = checkFixtureList(l);
    expect(problems).toEqual([
      'fixture a.py both fails and skips x',
      'fixture gone.py does not exist (paths are relative to lessons/05-server-loops/)',
      'fixture gone.py names checks the lesson does not have: z',
      'no fixture fails y: add a known-broken program that does, so the check is proven able to fail',
    ]);
  });
});

describe('folders and names', () => {
  it('finds folders no lesson owns, and notes lessons not registered yet', () => {
    const root = mkdtempSync(join(tmpdir(), 'folders-'));
    for (const p of ['lessons/05-server-loops', 'lessons/06-time-wait', 'exercises/05-server-loops', 'exercises/06-time-wait', 'exercises/99-typo', 'solutions/05-server-loops']) mkdirSync(join(root, p), { recursive: true });
    for (const p of ['lessons/05-server-loops/lesson.md', 'exercises/05-server-loops/server.ts', 'solutions/05-server-loops/server.ts']) writeFileSync(join(root, p), '');
    const { problems, notes } = checkFolders([lesson()], root);
    expect(problems).toEqual(['exercises/99-typo belongs to no lesson: no lessons/99-typo. Rename it after its lesson (NN-slug), or remove it']);
    expect(notes).toEqual(['lessons/06-time-wait is not in lessons/index.ts yet (a lesson being written?): nothing of it is checked']);
    expect(checkFolders([lesson({ solution: 'solutions/other/server.ts' })], root).problems).toContain("lesson5's solution solutions/other/server.ts does not exist");
  });

  it('wants unique numbers and slugs, in order', () => {
    expect(checkLessonNames([lesson(), lesson({ number: 6, slug: 'time-wait' })]).problems).toEqual([]);
    expect(checkLessonNames([lesson(), lesson()]).problems).toEqual(['two lessons are number 5', 'two lessons have the slug server-loops']);
    expect(checkLessonNames([lesson({ number: 6, slug: 'a' }), lesson({ slug: 'b' })]).problems).toEqual(['lessons/index.ts lists the lessons out of order (6, 5)']);
  });
});

describe('judging gradings', () => {
  it('explains each status that differs, and only notes what this machine cannot judge', () => {
    const outcome = compareStatuses([result('a', 'pass'), result('b', 'fail'), result('c', 'skip', 0)], () => 'pass');
    expect(outcome.problems).toEqual(['b: fail, expected pass\n    b said so\n    │ last line']);
    expect(outcome.notes).toEqual(['c: skip on this machine (c said so), so its pass was not verified']);
  });

  it('wants a stub to fail somewhere and never end in a grader error', () => {
    expect(judgeStub([result('a', 'fail'), result('b', 'pass')]).problems).toEqual([]);
    expect(judgeStub([result('a', 'pass')]).problems[0]).toMatch(/^no check fails: a pass/);
    expect(judgeStub([result('a', 'fail'), result('b', 'error')]).problems[0]).toMatch(/^b: error \(the grader's fault/);
  });
});

describe('the report', () => {
  it('prints each item in order with its problems, skips what cannot run here, and tallies', async () => {
    const item = (title: string, problems: string[], extra: Partial<CourseItem> = {}): CourseItem => ({ title, grades: false, run: async () => ({ problems, notes: [] }), ...extra });
    let text = '';
    const tally = await runCourseCheck(
      [{ name: 'lesson5 · x', items: [item('holds', []), item('breaks', ['one\ntwo']), item('python', [], { unavailable: 'python3 is not installed' })] }, { name: 'course', items: [item('throws', [], { run: async () => { throw new Error('boom'); } })] }],
      { jobs: 2, write: (t) => (text += t), colors: false },
    );
    expect(tally).toEqual({ held: 1, failed: 2, skipped: 1 });
    expect(text).toContain('\nlesson5 · x\n  ✓ holds\n  ✗ breaks\n      • one\n        two\n  - python (not tested: python3 is not installed)\n\ncourse\n  ✗ throws\n      • the self-check itself failed here: Error: boom');
    expect(text).toMatch(/course:check: 1 held, 2 failed, 1 not tested here in \d/);
  });
});

describe('new-lesson pieces', () => {
  it('reads NN-slug and refuses anything else', () => {
    expect(parseLessonName('11-greeting')).toEqual({ number: 11, slug: 'greeting', folder: '11-greeting', title: 'Greeting' });
    expect(parseLessonName('8-byte-order')).toMatchObject({ folder: '08-byte-order', title: 'Byte order' });
    for (const bad of ['greeting', '11_greeting', '11-Greeting', '11--x', '0-zero']) expect(() => parseLessonName(bad), bad).toThrow(ScaffoldError);
  });

  it('names the variable after the slug, clear of names taken', () => {
    expect(lessonVariable('time-wait', [])).toBe('timeWait');
    expect(lessonVariable('udp', ['udp'])).toBe('udp2');
    expect(lessonVariable('3d-audio', [])).toBe('lesson3dAudio');
  });

  it('registers a lesson in number order, import and course list alike', () => {
    const index = "// The course manifest.\nimport a from './01-a/lesson.ts';\nimport c from './05-c/lesson.ts';\nimport type { Lesson } from '../grader/types.ts';\n\nexport const course: Lesson[] = [a, c];\n";
    const out = registerLesson(index, { number: 3, folder: '03-b-c', slug: 'b-c' });
    expect(out).toBe("// The course manifest.\nimport a from './01-a/lesson.ts';\nimport bC from './03-b-c/lesson.ts';\nimport c from './05-c/lesson.ts';\nimport type { Lesson } from '../grader/types.ts';\n\nexport const course: Lesson[] = [a, bC, c];\n");
    expect(registerLesson(index, { number: 9, folder: '09-z', slug: 'z' })).toContain("import c from './05-c/lesson.ts';\nimport z from './09-z/lesson.ts';");
    expect(registerLesson(index, { number: 9, folder: '09-z', slug: 'z' })).toContain('[a, c, z]');
    expect(() => registerLesson('export const course = [];', { number: 1, folder: '01-a', slug: 'a' })).toThrow(RegisterError);
  });

  it('refuses a number or slug the course has, or folders that exist, and writes nothing then', () => {
    const root = mkdtempSync(join(tmpdir(), 'scaffold-'));
    mkdirSync(join(root, 'lessons'));
    const index = "import a from './01-a/lesson.ts';\nexport const course: Lesson[] = [a];\n";
    writeFileSync(join(root, 'lessons/index.ts'), index);
    expect(() => scaffoldLesson(root, parseLessonName('1-b'), [{ number: 1, slug: 'a' }])).toThrow(/already has lesson 1 \(a\): choose another number/);
    mkdirSync(join(root, 'exercises/02-b'), { recursive: true });
    expect(() => scaffoldLesson(root, parseLessonName('2-b'), [{ number: 1, slug: 'a' }])).toThrow(/exercises\/02-b already exists/);
    expect(readFileSync(join(root, 'lessons/index.ts'), 'utf8')).toBe(index);
    const made = scaffoldLesson(root, parseLessonName('8-frames'), [{ number: 1, slug: 'a' }]);
    expect(made.written).toContain('lessons/08-frames/checks/first-check.ts');
    expect(made.notes[0]).toMatch(/lesson 8 is "framing" with the checks split-frames/);
  });
});
