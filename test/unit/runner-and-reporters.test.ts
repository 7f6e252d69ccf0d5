import { describe, expect, it } from 'vitest';
import { CheckFailure, CheckSkipped } from '../../grader/errors.ts';
import { JsonReporter } from '../../grader/report/json-reporter.ts';
import { PrettyReporter } from '../../grader/report/pretty-reporter.ts';
import { runCheck } from '../../grader/runner/run-check.ts';
import { runLessons, runPassed } from '../../grader/runner/run-lessons.ts';
import type { Check, Lesson } from '../../grader/types.ts';

const program = { kind: 'cmd', command: 'true' } as const;
const details = { did: 'sent a line', expected: 'the line back', saw: 'nothing', cause: 'no echo' };

function check(id: string, run: Check['run'], timeoutMs?: number): Check {
  return { id, title: `title of ${id}`, run, timeoutMs };
}

describe('runCheck', () => {
  it('maps verdicts and thrown failures to statuses', async () => {
    expect((await runCheck(check('a', async () => ({ status: 'pass', summary: 'ok' })), { program, seed: 1 })).status).toBe('pass');
    const failed = await runCheck(check('b', async () => {
      throw new CheckFailure(details);
    }), { program, seed: 1 });
    expect(failed).toMatchObject({ status: 'fail', details, message: 'did: sent a line\nexpected: the line back\nsaw: nothing\nlikely cause: no echo' });
    const skipped = await runCheck(check('c', async () => {
      throw new CheckSkipped('no IPv6 on this host');
    }), { program, seed: 1 });
    expect(skipped).toMatchObject({ status: 'skip', message: 'no IPv6 on this host' });
  });

  it('calls a grader bug an internal error, with its cause kept', async () => {
    const result = await runCheck(check('d', async () => {
      throw new TypeError('undefined is not a function');
    }), { program, seed: 1 });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^internal error in the grader \(not your program's fault\): TypeError: undefined is not a function/);
  });

  it('lets a check that outlived its bound start nothing more', async () => {
    let later: unknown;
    let resume!: () => void;
    const gate = new Promise<void>((r) => (resume = r));
    const result = await runCheck(check('f', async (h) => {
      await gate;
      try {
        await h.startServer();
      } catch (err) {
        later = err;
      }
      return { status: 'pass' };
    }, 30), { program, seed: 1 });
    expect(result.status).toBe('error');
    resume();
    await new Promise((r) => setTimeout(r, 20));
    expect(String(later)).toMatch(/went on after the grader had ended it/);
  });

  it('ends a check that outlives its bound as an error, not a failure of the program', async () => {
    const result = await runCheck(check('e', () => new Promise(() => {}), 50), { program, seed: 1 });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/grader's bound of 0.05 s.*says nothing about your program/);
  });
});

describe('runLessons', () => {
  const lesson: Lesson = {
    number: 99, slug: 'test', title: 'Test lesson', dir: '/tmp', exercise: 'x.ts', solution: 'y.ts', fixtures: [],
    checks: [
      // The slow check comes first: results must still be reported in the lesson's order.
      check('slow', async () => {
        await new Promise((r) => setTimeout(r, 30));
        return { status: 'pass' };
      }),
      check('fast', async () => ({ status: 'fail', details })),
      check('skipped', async () => ({ status: 'skip', reason: 'not here' })),
    ],
  };

  it('runs every check, reports in order, and passes only without failures', async () => {
    const seen: string[] = [];
    const run = await runLessons({ lessons: [lesson], programFor: () => program, seed: 5, reporters: [{ onCheckResult: (_l, r) => seen.push(r.id) }] });
    expect(seen).toEqual(['slow', 'fast', 'skipped']);
    expect(run.lessons[0]!.checks.map((c) => c.status)).toEqual(['pass', 'fail', 'skip']);
    expect(runPassed(run)).toBe(false);
    const onlyGood = await runLessons({ lessons: [lesson], programFor: () => program, seed: 5, only: ['slow', 'skipped'] });
    expect(runPassed(onlyGood)).toBe(true);
  });

  it('prints the contract\'s JSON and a readable pretty report', async () => {
    let json = '';
    let pretty = '';
    await runLessons({
      lessons: [lesson],
      programFor: () => program,
      seed: 5,
      reporters: [new JsonReporter((t) => (json += t)), new PrettyReporter({ write: (t) => (pretty += t), colors: false })],
    });
    const doc = JSON.parse(json);
    expect(doc.seed).toBe(5);
    expect(doc.lessons[0]).toMatchObject({ id: 'lesson99', checks: [{ id: 'slow', status: 'pass' }, { id: 'fast', status: 'fail', details }, { id: 'skipped', status: 'skip', message: 'not here' }] });
    expect(pretty).toMatch(/✓ slow/);
    expect(pretty).toMatch(/✗ fast[\s\S]*did {7}sent a line[\s\S]*cause {5}no echo/);
    expect(pretty).toMatch(/- skipped[\s\S]*not here/);
    expect(pretty).toMatch(/1 passed, 1 failed, 1 skipped/);
    expect(pretty).toMatch(/--seed 5/);
    expect(pretty).not.toMatch(/\x1b\[/);
  });
});
