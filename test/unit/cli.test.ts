import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../../grader/cli/parse-options.ts';
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

  it('grades the exercise with the pretty reporter by default', () => {
    expect(parseOptions(['lesson5'], seed)).toMatchObject({ lessons: ['lesson5'], target: { kind: 'exercise' }, reporter: 'pretty', seed: 7, jobs: 6, verbose: false });
  });

  it('reads --solution, --cmd, --program, --reporter, --seed and --only', () => {
    expect(parseOptions(['5', '--solution'], seed).target).toEqual({ kind: 'solution' });
    expect(parseOptions(['--cmd', 'python3 server.py'], seed).target).toEqual({ kind: 'cmd', command: 'python3 server.py' });
    expect(parseOptions(['--program', 'x.py'], seed).target).toEqual({ kind: 'file', path: 'x.py' });
    const o = parseOptions(['--reporter', 'json', '--seed', '123', '--only', 'a', '--only', 'b'], seed);
    expect(o).toMatchObject({ reporter: 'json', seed: 123, only: ['a', 'b'] });
  });

  it.each([
    [['--solution', '--cmd', 'x'], /cannot be combined/],
    [['--reporter', 'xml'], /unknown reporter/],
    [['--seed', 'abc'], /whole number/],
    [['--seed', '99999999999999999999'], /from 0 to 4294967295/],
    [['--jobs', '0'], /whole number/],
    [['--cmd', ' '], /needs a command/],
    [['--bogus'], /bogus/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv as string[], seed)).toThrow(UsageError);
    expect(() => parseOptions(argv as string[], seed)).toThrow(message);
  });
});
