// Runs lessons: every check (no stop at the first failure), results handed to the reporters in
// the lesson's order. Checks that cannot harm the program run one after another on a shared copy,
// beside the checks that need a fresh copy of their own; a check that does not pass on a copy
// another check had used, or while the grader was stalled, is judged again on a fresh copy.
import { createLimit, type Limit } from './limit.ts';
import { availableParallelism } from 'node:os';
import { graderStalled } from '../messages/grader.ts';
import { startGuardian } from '../process/process-registry.ts';
import type { ProgramSpec } from '../process/program-spec.ts';
import { describeProgram } from '../process/program-spec.ts';
import type { Reporter } from '../report/reporter.ts';
import { startStallMonitor } from '../timing.ts';
import type { Check, CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';
import { SharedCopy, StartupGate, type ProgramSource } from './program-source.ts';
import { runCheck, type CheckRun } from './run-check.ts';
import { checkPassed, sumScores, summarizeRun } from './summarize-run.ts';

export interface RunOptions {
  lessons: Lesson[];
  /** Which program to grade for a lesson (its exercise, its solution, a file or a command). */
  programFor(lesson: Lesson): ProgramSpec;
  seed: number;
  /** Only these check ids (all when empty). */
  only?: string[];
  reporters?: Reporter[];
  /** How many checks run at once (default: one more than the cores: measured best for correct and spinning programs alike). */
  jobs?: number;
}

export function lessonId(lesson: Pick<Lesson, 'number'>): string {
  return `lesson${lesson.number}`;
}

export function defaultJobs(): number {
  return availableParallelism() + 1;
}

export async function runLessons(options: RunOptions): Promise<RunResult> {
  startStallMonitor();
  // Before the first launch: no program may ever run unguarded.
  startGuardian();
  const started = performance.now();
  const reporters = options.reporters ?? [];
  const emit = <K extends keyof Reporter>(hook: K, ...args: Parameters<NonNullable<Reporter[K]>>) => {
    for (const r of reporters) (r[hook] as ((...a: typeof args) => void) | undefined)?.apply(r, args);
  };
  emit('onRunStart', { lessons: options.lessons, seed: options.seed });
  const limit = createLimit(options.jobs ?? defaultJobs());
  const lessons: LessonResult[] = [];
  for (const lesson of options.lessons) {
    const spec = options.programFor(lesson);
    const result: LessonResult = { id: lessonId(lesson), slug: lesson.slug, title: lesson.title, program: describeProgram(spec), checks: [], score: 0, maxScore: 0 };
    emit('onLessonStart', lesson, result);
    const checks = lesson.checks.filter((c) => !options.only?.length || options.only.includes(c.id));
    const { results, sharedStopped } = scheduleLesson(lesson, checks, spec, options.seed, limit);
    const crashes = new Map<string, string>();
    for (const p of results) {
      const check: CheckResult = referToEarlierCrash(await p, crashes);
      result.checks.push(check);
      Object.assign(result, sumScores(result.checks));
      emit('onCheckResult', lesson, check);
    }
    // The shared copy is stopped (and its socket folder removed) before the lesson counts as done.
    await sharedStopped;
    emit('onLessonEnd', lesson, result);
    lessons.push(result);
  }
  const run = summarizeRun(options.seed, lessons, performance.now() - started);
  emit('onRunEnd', run);
  return run;
}

/**
 * One bug, one failure: a crash that several checks ran into (a typo that kills the program on its
 * first message) is reported by the first of them; the others say skip and point to it.
 */
export function referToEarlierCrash(result: CheckResult, seen: Map<string, string>): CheckResult {
  const crash = result.status === 'fail' ? result.details?.crash : undefined;
  if (!crash) return result;
  // The same crash in two copies differs in its numbers (ports, fds, addresses, times).
  const key = crash.replace(/0x[0-9a-f]+|\d+/gi, 'N');
  const first = seen.get(key);
  if (!first) {
    seen.set(key, result.id);
    return result;
  }
  const { details: _details, ...rest } = result;
  return { ...rest, status: 'skip', score: 0, message: `your program crashed here the same way as in ${first} ("${crash.slice(0, 120)}"); ${first} shows the crash, so this check cannot judge more` };
}

export function runPassed(run: RunResult): boolean {
  return run.lessons.every((l) => l.checks.every(checkPassed));
}

/** How long a check may run on the shared copy before it is judged on a fresh one instead (see runCheck). */
export const SHARED_PATIENCE_MS = 400;


/** Starts every check of a lesson; the results come back in the lesson's order, and `sharedStopped` settles once the shared copy is gone. */
function scheduleLesson(lesson: Lesson, checks: Check[], spec: ProgramSpec, seed: number, limit: Limit): { results: Promise<CheckResult>[]; sharedStopped: Promise<void> } {
  const gate = new StartupGate();
  const shared = new SharedCopy();
  const observations: NonNullable<ProgramSource['observations']> = new Map();
  const options = (source: ProgramSource, patienceMs?: number) => ({ source: { ...source, observations }, seed, defaults: lesson.start, patienceMs });
  const fresh = (check: Check) => limit(() => runCheck(check, options({ spec, gate })));
  const settled = new Map<Check, Promise<CheckResult>>();
  // A fresh run that stalls and does not pass is tried once more; twice stalled is the grader's error.
  const judgeFresh = async (check: Check, earlier?: CheckRun): Promise<CheckResult> => {
    let run = await fresh(check);
    if (!checkPassed(run.result) && run.stall && !earlier?.stall) run = await fresh(check);
    if (!checkPassed(run.result) && run.stall) return { ...run.result, status: 'error', score: 0, message: graderStalled(run.stall.totalMs, run.stall.longestMs) };
    return run.result;
  };
  const chain: Check[] = [];
  for (const check of checks) {
    if (check.fresh) settled.set(check, judgeFresh(check));
    else chain.push(check);
  }
  // Checks that may break the copy come last: nobody needs it after them.
  chain.sort((a, b) => Number(a.sharedLast ?? false) - Number(b.sharedLast ?? false));
  const waiting = new Map(chain.map((c) => [c, deferred<CheckResult>()]));
  for (const [c, d] of waiting) settled.set(c, d.promise);
  const sharedStopped = (async () => {
    for (const [i, check] of chain.entries()) {
      const d = waiting.get(check)!;
      try {
        const run = await limit(() => runCheck(check, options({ spec, gate, shared }, SHARED_PATIENCE_MS)));
        if (run.result.status === 'pass' && !run.result.notes && !run.abandoned) {
          d.resolve(run.result);
          continue;
        }
        // It may have harmed the copy, or been harmed by it. The program has shown it is not a plain
        // correct one, so sharing saves nothing any more: the rest of the chain runs side by side on fresh copies.
        await shared.discard();
        d.resolve(run.abandoned ? judgeFresh(check) : run.needsFreshRun || run.stall ? judgeFresh(check, run) : run.result);
        for (const rest of chain.slice(i + 1)) waiting.get(rest)!.resolve(judgeFresh(rest));
        return;
      } catch (err) {
        d.reject(err);
      }
    }
    await shared.discard();
  })().catch(() => undefined);
  return { results: checks.map((c) => settled.get(c)!), sharedStopped };
}

function deferred<T>() {
  let resolve!: (v: T | Promise<T>) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
