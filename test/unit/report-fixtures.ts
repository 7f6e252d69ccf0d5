// Synthetic results for the reporters' tests: no program runs, every status and awkward text appears.
import type { CheckResult, Lesson, LessonResult, RunResult } from '../../grader/types.ts';

export const details = { did: 'sent "hello" & closed', expected: 'the line <back>', saw: 'nothing; your side is in CLOSE_WAIT', cause: 'no echo' };

export function check(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  const message = status === 'fail' ? `did: ${details.did}\nexpected: ${details.expected}\nsaw: ${details.saw}\nlikely cause: ${details.cause}` : status === 'skip' ? 'no IPv6 on this host' : status === 'error' ? 'internal error in the grader (not your program\'s fault): boom' : '';
  const points = extra.maxScore ?? 1;
  return {
    id, title: `title of ${id}`, status, message, output: status === 'pass' ? [] : ['listening on 127.0.0.1:4000', 'bell \x07 and nul \x00 and lone \uD800 surrogate'],
    durationMs: 120, transcripts: [], score: status === 'pass' ? points : 0, maxScore: points,
    ...(status === 'fail' ? { details } : {}), ...extra,
  };
}

export function lessonResult(number: number, checks: CheckResult[]): LessonResult {
  const score = checks.reduce((s, c) => s + c.score, 0);
  const maxScore = checks.reduce((s, c) => s + c.maxScore, 0);
  return { id: `lesson${number}`, slug: 'server-loops', title: 'Server loops', program: 'exercises/05-server-loops/server.ts', checks, score, maxScore };
}

export function runOf(lessons: LessonResult[], endReason: RunResult['endReason'] = 'failed'): RunResult {
  return { seed: 42, lessons, durationMs: 1500, endReason, score: lessons.reduce((s, l) => s + l.score, 0), maxScore: lessons.reduce((s, l) => s + l.maxScore, 0) };
}

/** A lesson with one check of each status. */
export function mixedRun(): RunResult {
  return runOf([lessonResult(5, [check('many-messages', 'pass'), check('client-disconnect', 'fail'), check('ipv6', 'skip'), check('no-busy-loop', 'error', { maxScore: 2 })])]);
}

export function lessonOf(number: number, ids: string[]): Lesson {
  return { number, slug: 'server-loops', title: 'Server loops', dir: `/nowhere/lessons/0${number}-server-loops`, exercise: 'x.ts', solution: 'y.ts', fixtures: [], checks: ids.map((id) => ({ id, title: `title of ${id}`, points: id === 'no-busy-loop' ? 2 : undefined, run: async () => ({ status: 'pass' as const }) })) };
}
