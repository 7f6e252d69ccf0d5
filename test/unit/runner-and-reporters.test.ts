import { describe, expect, it } from 'vitest';
import { CheckFailure, CheckSkipped } from '../../grader/errors.ts';
import { JsonReporter } from '../../grader/report/json-reporter.ts';
import { PrettyReporter } from '../../grader/report/pretty-reporter.ts';
import { StartupGate } from '../../grader/runner/program-source.ts';
import { runCheck, STALL_RERUN_MS } from '../../grader/runner/run-check.ts';
import { referToEarlierCrash, runLessons, runPassed } from '../../grader/runner/run-lessons.ts';
import { startStallMonitor } from '../../grader/timing.ts';
import type { Check, CheckResult, Lesson } from '../../grader/types.ts';

const program = { kind: 'cmd', command: 'true' } as const;
const details = { did: 'sent a line', expected: 'the line back', saw: 'nothing', cause: 'no echo' };
/** A check's options: a program it never starts (these checks judge without one). */
const opts = () => ({ source: { spec: program, gate: new StartupGate() }, seed: 1 });

function check(id: string, run: Check['run'], timeoutMs?: number, extra: Partial<Check> = {}): Check {
  return { id, title: `title of ${id}`, run, timeoutMs, ...extra };
}

/** Blocks the event loop, as a starved or suspended grader is blocked. */
function block(ms: number): void {
  const t = performance.now();
  while (performance.now() - t < ms);
}

describe('runCheck', () => {
  it('maps verdicts and thrown failures to statuses', async () => {
    const passed = await runCheck(check('a', async () => ({ status: 'pass', summary: 'ok' })), opts());
    expect(passed.result).toMatchObject({ status: 'pass', message: 'ok', score: 1, maxScore: 1 });
    expect(passed.needsFreshRun).toBe(false);
    expect(passed.abandoned).toBeUndefined();
    const failed = await runCheck(check('b', async () => {
      throw new CheckFailure(details);
    }), opts());
    expect(failed.result).toMatchObject({ status: 'fail', details, message: 'did: sent a line\nexpected: the line back\nsaw: nothing\nlikely cause: no echo', score: 0 });
    expect(failed.result.startupFailure).toBeUndefined();
    const skipped = await runCheck(check('c', async () => {
      throw new CheckSkipped('no IPv6 on this host');
    }), opts());
    expect(skipped.result).toMatchObject({ status: 'skip', message: 'no IPv6 on this host' });
  });

  it('marks a failure to start as such, and never asks to judge it again on a fresh copy', async () => {
    const run = await runCheck(check('s', async () => {
      throw new CheckFailure(details, 'startup');
    }), opts());
    expect(run.result).toMatchObject({ status: 'fail', startupFailure: true });
    expect(run.needsFreshRun).toBe(false);
  });

  it('calls a grader bug an internal error, with its cause kept', async () => {
    const { result } = await runCheck(check('d', async () => {
      throw new TypeError('undefined is not a function');
    }), opts());
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^internal error in the grader \(not your program's fault\): TypeError: undefined is not a function/);
  });

  it('lets a check that outlived its bound start nothing more', async () => {
    let later: unknown;
    let resume!: () => void;
    const gate = new Promise<void>((r) => (resume = r));
    const { result } = await runCheck(check('f', async (h) => {
      await gate;
      try {
        await h.start();
      } catch (err) {
        later = err;
      }
      return { status: 'pass' };
    }, 30), opts());
    expect(result.status).toBe('error');
    resume();
    await new Promise((r) => setTimeout(r, 20));
    expect(String(later)).toMatch(/went on after the grader had ended it/);
  });

  it('ends a check that outlives its bound as an error, not a failure of the program', async () => {
    const { result } = await runCheck(check('e', () => new Promise(() => {}), 50), opts());
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/grader's bound of 0.05 s.*says nothing about your program/);
  });

  it('runs the deferred teardown, last registered first, whatever the verdict', async () => {
    const order: string[] = [];
    const { result } = await runCheck(check('g', async (h) => {
      h.defer(() => order.push('first registered'));
      h.defer(() => order.push('last registered'));
      throw new CheckFailure(details);
    }), opts());
    expect(result.status).toBe('fail');
    expect(order).toEqual(['last registered', 'first registered']);
  });

  it('reports a long stall of the grader during a check, so a non-pass can be judged again', async () => {
    startStallMonitor();
    await new Promise((r) => setTimeout(r, 30));
    const run = await runCheck(check('h', async () => {
      block(STALL_RERUN_MS + 200);
      return { status: 'fail', details };
    }), opts());
    expect(run.result.status).toBe('fail');
    expect(run.stall?.longestMs).toBeGreaterThanOrEqual(STALL_RERUN_MS);
    // Once the monitor has ticked after the stall, a check that starts later owes it nothing.
    await new Promise((r) => setTimeout(r, 50));
    const calm = await runCheck(check('i', async () => ({ status: 'fail', details })), opts());
    expect(calm.stall).toBeUndefined();
  });

  // A stall not yet recorded by the monitor may have begun before the check: only its part after the start counts.
  it('does not blame a check for a stall that ended before it started', async () => {
    startStallMonitor();
    await new Promise((r) => setTimeout(r, 30));
    block(STALL_RERUN_MS + 200);
    const calm = await runCheck(check('j', async () => ({ status: 'fail', details })), opts());
    expect(calm.stall).toBeUndefined();
  });
});

describe('scores', () => {
  it('gives a pass its points, and a failure or a skip that another check explains none', async () => {
    const scored = async (verdict: Awaited<ReturnType<Check['run']>>) => (await runCheck(check('p', async () => verdict, undefined, { points: 3 }), opts())).result;
    expect(await scored({ status: 'pass' })).toMatchObject({ score: 3, maxScore: 3 });
    expect(await scored({ status: 'fail', details })).toMatchObject({ score: 0, maxScore: 3 });
    expect(await scored({ status: 'skip', reason: 'many-messages tells what is wrong' })).toMatchObject({ score: 0, maxScore: 3 });
  });

  it('leaves a check this machine cannot judge out of the score', async () => {
    const { result } = await runCheck(check('q', async () => ({ status: 'skip', reason: 'no /proc here', environment: true })), opts());
    expect(result).toMatchObject({ status: 'skip', score: 0, maxScore: 0 });
  });

  // CheckSkipped is the machine's (no IPv6, no /proc): the check counts for nothing either way.
  it('leaves a check that threw CheckSkipped (the machine cannot judge) out of the score', async () => {
    const { result } = await runCheck(check('r', async () => {
      throw new CheckSkipped('no IPv6 on this host');
    }), opts());
    expect(result).toMatchObject({ status: 'skip', score: 0, maxScore: 0 });
  });
});

describe('referToEarlierCrash', () => {
  const crashed = (id: string, crash?: string): CheckResult => ({
    id, title: id, status: 'fail', message: 'm', details: { ...details, ...(crash ? { crash } : {}) }, output: [], durationMs: 1, transcripts: [], score: 0, maxScore: 1,
  });

  it('reports one crash once: the first check that saw it fails, later ones skip and point to it', () => {
    const seen = new Map<string, string>();
    const line = 'TypeError: Cannot read properties of undefined (reading \'write\')';
    expect(referToEarlierCrash(crashed('many-messages', line), seen)).toMatchObject({ status: 'fail', details: { crash: line } });
    const later = referToEarlierCrash(crashed('large-message', line), seen);
    expect(later).toMatchObject({ id: 'large-message', status: 'skip', score: 0 });
    expect(later.details).toBeUndefined();
    expect(later.message).toMatch(/crashed here the same way as in many-messages \("TypeError: Cannot read properties/);
  });

  it('keeps a different crash, and a failure that is not a crash, as they are', () => {
    const seen = new Map<string, string>();
    referToEarlierCrash(crashed('a', 'ReferenceError: x is not defined'), seen);
    expect(referToEarlierCrash(crashed('b', 'ConnectionResetError: [Errno 104]'), seen).status).toBe('fail');
    expect(referToEarlierCrash(crashed('c'), seen).status).toBe('fail');
    const passed: CheckResult = { ...crashed('d'), status: 'pass', details: undefined };
    expect(referToEarlierCrash(passed, seen)).toBe(passed);
  });
});

describe('runLessons after a stall', () => {
  const lessonOf = (checks: Check[]): Lesson => ({ number: 98, slug: 'stall', title: 'Stall lesson', dir: '/tmp', exercise: 'x.ts', solution: 'y.ts', fixtures: [], checks });

  it('judges a check that failed while the grader stalled again, and trusts the calm second run', async () => {
    let runs = 0;
    const flaky = check('flaky', async () => {
      runs++;
      if (runs === 1) {
        block(STALL_RERUN_MS + 200);
        return { status: 'fail', details };
      }
      return { status: 'pass' };
    }, undefined, { fresh: true });
    const run = await runLessons({ lessons: [lessonOf([flaky])], programFor: () => program, seed: 3 });
    expect(runs).toBe(2);
    expect(run.lessons[0]!.checks[0]!.status).toBe('pass');
  });

  it('calls a check that failed in two stalled runs the grader\'s error, naming the stall', async () => {
    let runs = 0;
    const stalled = check('stalled', async () => {
      runs++;
      block(STALL_RERUN_MS + 200);
      return { status: 'fail', details };
    }, undefined, { fresh: true });
    const run = await runLessons({ lessons: [lessonOf([stalled])], programFor: () => program, seed: 3 });
    expect(runs).toBe(2);
    expect(run.lessons[0]!.checks[0]).toMatchObject({ status: 'error', score: 0, message: expect.stringMatching(/the grader itself was stalled for \d+\.\d s .*says nothing about your program/) });
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
