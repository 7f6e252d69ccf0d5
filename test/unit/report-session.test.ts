import { describe, expect, it } from 'vitest';
import { isNotRun } from '../../grader/report/interrupted-run.ts';
import { JsonReporter } from '../../grader/report/json-reporter.ts';
import { PrettyReporter } from '../../grader/report/pretty-reporter.ts';
import { ReportSession } from '../../grader/report/report-session.ts';
import type { Reporter } from '../../grader/report/reporter.ts';
import type { RunResult } from '../../grader/types.ts';
import { check, lessonOf, lessonResult, runOf } from './report-fixtures.ts';

const lesson = lessonOf(5, ['many-messages', 'client-disconnect', 'no-busy-loop']);

/** Drives a session as the runner does, up to the first `finished` checks of the lesson. */
function startRun(session: ReportSession, finished: number) {
  session.onRunStart({ lessons: [lesson, lessonOf(6, ['serves-and-closes'])], seed: 9 });
  const result = lessonResult(5, []);
  session.onLessonStart(lesson, result);
  for (const c of [check('many-messages', 'pass'), check('client-disconnect', 'fail')].slice(0, finished)) {
    result.checks.push(c);
    session.onCheckResult(lesson, c);
  }
}

describe('an interrupted run', () => {
  it('still gets every report, from the checks that finished, with the end reason interrupted', () => {
    let json = '';
    const session = new ReportSession([new JsonReporter((t) => (json += t))]);
    startRun(session, 2);
    const run = session.finishInterrupted('the grader was stopped by SIGTERM');
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({ seed: 9, endReason: 'interrupted', score: 1, maxScore: 5 });
    expect(doc.lessons.map((l: { id: string }) => l.id)).toEqual(['lesson5', 'lesson6']);
    expect(doc.lessons[0].checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual(['many-messages:pass', 'client-disconnect:fail', 'no-busy-loop:error']);
    expect(doc.lessons[0].checks[2]).toMatchObject({ score: 0, maxScore: 2, message: 'not run: the grader was stopped by SIGTERM before this check finished; the result says nothing about your program' });
    expect(doc.lessons[1]).toMatchObject({ id: 'lesson6', score: 0, maxScore: 1, checks: [{ id: 'serves-and-closes', status: 'error' }] });
    expect(isNotRun(run!.lessons[0]!.checks[2]!)).toBe(true);
    expect(isNotRun(run!.lessons[0]!.checks[1]!)).toBe(false);
  });

  it('lists only the checks --only asked for', () => {
    const session = new ReportSession([], ['no-busy-loop']);
    session.onRunStart({ lessons: [lesson], seed: 1 });
    const run = session.finishInterrupted('stopped');
    expect(run!.lessons[0]!.checks.map((c) => c.id)).toEqual(['no-busy-loop']);
  });

  it('ends each report once, whoever ends the run first', () => {
    const ends: RunResult[] = [];
    const session = new ReportSession([{ onRunEnd: (r) => void ends.push(r) }]);
    startRun(session, 1);
    session.onRunEnd(runOf([lessonResult(5, [check('many-messages', 'pass')])], 'passed'));
    expect(session.finishInterrupted('late signal')).toBeUndefined();
    expect(ends.map((r) => r.endReason)).toEqual(['passed']);
  });

  it('lets every reporter write even when one throws, then says what went wrong', () => {
    const written: string[] = [];
    const broken: Reporter = { onRunEnd: () => { throw new Error('disk full'); } };
    const session = new ReportSession([broken, { onRunEnd: () => void written.push('second') }]);
    startRun(session, 0);
    expect(() => session.finishInterrupted('stopped')).toThrow('disk full');
    expect(written).toEqual(['second']);
  });

  it('says so in the pretty summary, counting the checks that did not run apart', () => {
    let out = '';
    const session = new ReportSession([new PrettyReporter({ write: (t) => (out += t), colors: false })]);
    startRun(session, 2);
    session.finishInterrupted('the grader was stopped by SIGINT');
    expect(out).toMatch(/interrupted: 1 passed, 1 failed, 2 not run · 1\/5 points/);
  });
});
