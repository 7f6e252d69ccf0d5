// Runs lessons: every check (no stop at the first failure), checks of a lesson side by side,
// results handed to the reporters in the lesson's order.
import type { ProgramSpec } from '../process/program-spec.ts';
import { describeProgram } from '../process/program-spec.ts';
import type { Reporter } from '../report/reporter.ts';
import type { CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';
import { runCheck } from './run-check.ts';

export interface RunOptions {
  lessons: Lesson[];
  /** Which program to grade for a lesson (its exercise, its solution, a file or a command). */
  programFor(lesson: Lesson): ProgramSpec;
  seed: number;
  /** Only these check ids (all when empty). */
  only?: string[];
  reporters?: Reporter[];
  /** How many checks run at once. */
  jobs?: number;
}

export function lessonId(lesson: Lesson): string {
  return `lesson${lesson.number}`;
}

export async function runLessons(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const reporters = options.reporters ?? [];
  const emit = <K extends keyof Reporter>(hook: K, ...args: Parameters<NonNullable<Reporter[K]>>) => {
    for (const r of reporters) (r[hook] as ((...a: typeof args) => void) | undefined)?.apply(r, args);
  };
  emit('onRunStart', { lessons: options.lessons, seed: options.seed });
  const limit = createLimit(options.jobs ?? 6);
  const lessons: LessonResult[] = [];
  for (const lesson of options.lessons) {
    const program = options.programFor(lesson);
    const result: LessonResult = { id: lessonId(lesson), slug: lesson.slug, title: lesson.title, program: describeProgram(program), checks: [] };
    emit('onLessonStart', lesson, result);
    const checks = lesson.checks.filter((c) => !options.only?.length || options.only.includes(c.id));
    const pending = checks.map((check) => limit(() => runCheck(check, { program, seed: options.seed })));
    for (const p of pending) {
      const check: CheckResult = await p;
      result.checks.push(check);
      emit('onCheckResult', lesson, check);
    }
    emit('onLessonEnd', lesson, result);
    lessons.push(result);
  }
  const run: RunResult = { seed: options.seed, lessons, durationMs: performance.now() - started };
  emit('onRunEnd', run);
  return run;
}

export function runPassed(run: RunResult): boolean {
  return run.lessons.every((l) => l.checks.every((c) => c.status === 'pass' || c.status === 'skip'));
}

function createLimit(max: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
