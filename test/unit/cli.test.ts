import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor } from '../../grader/cli/exit-codes.ts';
import { NpmSwallowedError, quoteForShell, recoverNpmFlags } from '../../grader/cli/npm-swallowed.ts';
import { parseOptions, UsageError } from '../../grader/cli/parse-options.ts';
import { planReporters } from '../../grader/cli/reporter-specs.ts';
import type { CheckResult, RunResult } from '../../grader/types.ts';
import { check, lessonResult } from './report-fixtures.ts';
import { matchesLesson, resolveLessons, UnknownLessonError } from '../../grader/course/resolve-lessons.ts';
import { course } from '../../lessons/index.ts';
import serverLoops from '../../lessons/05-server-loops/lesson.ts';

describe('resolveLessons', () => {
  it.each(['lesson5', '5', '05', 'server-loops', '05-server-loops', 'Lesson5'])('"%s" names lesson 5', (id) => {
    expect(matchesLesson(serverLoops, id)).toBe(true);
    expect(resolveLessons(course, [id])).toEqual([serverLoops]);
  });

  it.each(['lesson50', '50', 'server', 'loops', ''])('"%s" names no lesson', (id) => {
    expect(matchesLesson(serverLoops, id)).toBe(false);
  });

  it('takes every lesson when none is named, and lists the real ones for a wrong name', () => {
    expect(resolveLessons(course, [])).toEqual(course);
    expect(() => resolveLessons(course, ['lesson99'])).toThrow(UnknownLessonError);
    expect(() => resolveLessons(course, ['lesson99'])).toThrow(/lesson5 \(server-loops\)/);
  });
});

describe('parseOptions', () => {
  const seed = () => 7;
  const here = mkdtempSync(join(tmpdir(), 'cli-'));
  const context = { cwd: here, env: {} };

  it('grades the exercise with the pretty reporter by default', () => {
    expect(parseOptions(['lesson5'], seed, context)).toMatchObject({ lessons: ['lesson5'], target: { kind: 'exercise' }, reporters: [{ name: 'pretty' }], seed: 7, jobs: undefined, verbose: false, verifyCourse: false });
  });

  it('reads --solution, --cmd, --program, --reporter, --seed, --jobs, --only and --verify-course', () => {
    expect(parseOptions(['5', '--solution'], seed, context).target).toEqual({ kind: 'solution' });
    expect(parseOptions(['--cmd', 'python3 server.py'], seed, context).target).toEqual({ kind: 'cmd', command: 'python3 server.py' });
    expect(parseOptions(['--program', 'x.py'], seed, context).target).toEqual({ kind: 'file', path: 'x.py' });
    const o = parseOptions(['--reporter', 'json', '--seed', '123', '--jobs', '2', '--only', 'a', '--only', 'b'], seed, context);
    expect(o).toMatchObject({ reporters: [{ name: 'json' }], seed: 123, jobs: 2, only: ['a', 'b'] });
    expect(parseOptions(['--verify-course'], seed, context).verifyCourse).toBe(true);
  });

  it.each([
    [['--solution', '--cmd', 'x'], /cannot be combined/],
    [['--reporter', 'xml'], /unknown reporter "xml": choose pretty, json, junit, github, gradescope, classroom50/],
    [['--seed', 'abc'], /whole number/],
    [['--seed', '99999999999999999999'], /from 0 to 4294967295/],
    [['--jobs', '0'], /whole number/],
    [['--cmd', ' '], /needs a command/],
    [['--bogus'], /bogus/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv as string[], seed, context)).toThrow(UsageError);
    expect(() => parseOptions(argv as string[], seed, context)).toThrow(message);
  });
});

describe('--reporter', () => {
  const here = mkdtempSync(join(tmpdir(), 'reporters-'));
  mkdirSync(join(here, 'out'));

  it('takes several reporters, each to the terminal or to a file relative to where the command ran', () => {
    expect(planReporters(['pretty', 'junit=results.xml', 'json=out/r.json', `gradescope=${here}/gs.json`], here, {})).toEqual([
      { name: 'pretty' },
      { name: 'junit', path: join(here, 'results.xml') },
      { name: 'json', path: join(here, 'out/r.json') },
      { name: 'gradescope', path: join(here, 'gs.json') },
    ]);
  });

  it('adds github under GitHub Actions, beside pretty, unless it is named', () => {
    expect(planReporters([], here, { GITHUB_ACTIONS: 'true' })).toEqual([{ name: 'pretty' }, { name: 'github' }]);
    expect(planReporters(['github=summary.md'], here, { GITHUB_ACTIONS: 'true' })).toEqual([{ name: 'github', path: join(here, 'summary.md') }]);
    expect(planReporters([], here, { GITHUB_ACTIONS: 'false' })).toEqual([{ name: 'pretty' }]);
  });

  it.each([
    [['junit=missing/results.xml'], /the folder .*missing does not exist/],
    [['junit='], /needs a file name after the =/],
    [['junit=out'], /is a folder; name a file/],
    [['junit=a.xml', 'json=a.xml'], /junit and json cannot both write/],
    [['json', 'pretty'], /json prints a whole document on the terminal, so pretty cannot print there too: give one a file, e.g. --reporter json=results.json/],
    [['json', 'junit'], /json prints a whole document on the terminal, so junit cannot/],
  ])('rejects %j', (texts, message) => {
    expect(() => planReporters(texts, here, {})).toThrow(message);
  });

  it('lets a document have the terminal with github beside it (github then annotates on stderr)', () => {
    expect(planReporters(['json'], here, { GITHUB_ACTIONS: 'true' })).toEqual([{ name: 'json' }, { name: 'github' }]);
  });
});

describe('flags npm swallowed (npm run grade lesson5 --solution, without --)', () => {
  const npm = { npm_lifecycle_event: 'grade' };
  const isLesson = (id: string) => resolveLessons(course, []).some((l) => matchesLesson(l, id));

  it('reads booleans and name=value flags back from npm_config_*', () => {
    expect(recoverNpmFlags(['lesson5'], { ...npm, npm_config_solution: 'true' }, isLesson)).toEqual({ argv: ['lesson5', '--solution'], recovered: ['--solution'] });
    expect(recoverNpmFlags([], { ...npm, npm_config_list: 'true' }, isLesson).argv).toEqual(['--list']);
    expect(recoverNpmFlags(['lesson5'], { ...npm, npm_config_loglevel: 'verbose' }, isLesson).argv).toEqual(['lesson5', '--verbose']);
    expect(recoverNpmFlags(['lesson5'], { ...npm, npm_config_reporter: 'junit=r.xml', npm_config_seed: '42', npm_config_jobs: '2', npm_config_program: 'x.py' }, isLesson).argv)
      .toEqual(['lesson5', '--reporter', 'junit=r.xml', '--seed', '42', '--jobs', '2', '--program', 'x.py']);
  });

  it('never looks outside `npm run grade`, and never overrides what came after --', () => {
    expect(recoverNpmFlags(['lesson5'], { npm_lifecycle_event: 'test', npm_config_solution: 'true' }, isLesson).argv).toEqual(['lesson5']);
    expect(recoverNpmFlags(['lesson5'], { npm_config_solution: 'true' }, isLesson).argv).toEqual(['lesson5']);
    expect(recoverNpmFlags(['lesson5', '--seed', '1'], { ...npm, npm_config_seed: '42' }, isLesson).argv).toEqual(['lesson5', '--seed', '1']);
  });

  it.each([
    [['lesson5', '42'], { npm_config_seed: 'true' }, 'npm kept --seed for itself and passed the value on as a lesson name (options need -- before them), so nothing was graded; type: npm run grade -- lesson5 --seed 42'],
    [['5'], { npm_config_seed: 'true' }, 'type: npm run grade -- --seed 5'],
    [['lesson5', 'x.py'], { npm_config_program: 'true', npm_config_solution: 'true' }, 'type: npm run grade -- lesson5 --solution --program x.py'],
    [['lesson5', 'junit=results.xml'], { npm_config_reporter: 'true' }, 'type: npm run grade -- lesson5 --reporter junit=results.xml'],
    [['lesson5'], { npm_config_jobs: 'true' }, 'type: npm run grade -- lesson5 --jobs N'],
    [['lesson5', 'python3 x.py'], { npm_config_message: '', npm_config_loglevel: 'info' }, 'npm kept --cmd for itself and passed the value on as a lesson name (options need -- before them), so nothing was graded; type: npm run grade -- lesson5 --cmd "python3 x.py"'],
  ])('stops when a value is lost: %j', (argv, env, line) => {
    const attempt = () => recoverNpmFlags(argv, { ...npm, ...env }, isLesson);
    expect(attempt).toThrow(NpmSwallowedError);
    expect(attempt).toThrow(line);
  });

  it('quotes what a shell would split', () => {
    expect(quoteForShell('socat TCP-LISTEN:{port} EXEC:"cat"')).toBe('"socat TCP-LISTEN:{port} EXEC:\\"cat\\""');
    expect(quoteForShell('junit=out/r.xml')).toBe('junit=out/r.xml');
  });
});

describe('exit codes', () => {
  const withStatuses = (statuses: CheckResult['status'][], endReason: RunResult['endReason'] = 'failed') => ({ endReason, lessons: [lessonResult(5, statuses.map((s, i) => check(`c${i}`, s)))] });

  it('say passed, failed, grader error or interrupted, in that order of precedence', () => {
    expect(exitCodeFor(withStatuses(['pass', 'skip'], 'passed'))).toBe(EXIT.passed);
    expect(exitCodeFor(withStatuses(['pass', 'fail', 'error']))).toBe(EXIT.failed);
    expect(exitCodeFor(withStatuses(['pass', 'error']))).toBe(3);
    expect(exitCodeFor(withStatuses(['fail'], 'interrupted'))).toBe(130);
    expect(EXIT).toMatchObject({ usage: 2, courseChanged: 4, internal: 70, SIGTERM: 143 });
  });
});
