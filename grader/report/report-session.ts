// The reporters of one run behind a single Reporter: it hands every hook on, keeps what it was
// told, and when the run is cut short it finishes every report from those results, at once and
// synchronously (a signal handler calls it right before the process exits). onRunEnd reaches each
// reporter once, whoever ends the run; a reporter that throws does not keep the others from writing.
import type { CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';
import { buildInterruptedRun, type SeenLesson } from './interrupted-run.ts';
import type { Reporter, RunStartInfo } from './reporter.ts';

export class ReportSession implements Reporter {
  private planned: readonly Readonly<Lesson>[] = [];
  private seed = 0;
  private started = performance.now();
  private readonly seen: SeenLesson[] = [];
  private ended = false;

  constructor(private readonly reporters: readonly Reporter[], private readonly only: readonly string[] = []) {}

  onRunStart(info: RunStartInfo): void {
    this.planned = info.lessons;
    this.seed = info.seed;
    this.started = performance.now();
    this.forward((r) => r.onRunStart?.(info));
  }

  onLessonStart(lesson: Readonly<Lesson>, result: Readonly<LessonResult>): void {
    this.seen.push({ lesson, result: { ...result, checks: [] } });
    this.forward((r) => r.onLessonStart?.(lesson, result));
  }

  onCheckResult(lesson: Readonly<Lesson>, result: Readonly<CheckResult>): void {
    this.seen.at(-1)?.result.checks.push(result);
    this.forward((r) => r.onCheckResult?.(lesson, result));
  }

  onLessonEnd(lesson: Readonly<Lesson>, result: Readonly<LessonResult>): void {
    const last = this.seen.at(-1);
    if (last) last.result = { ...result, checks: [...result.checks] };
    this.forward((r) => r.onLessonEnd?.(lesson, result));
  }

  onRunEnd(run: Readonly<RunResult>): void {
    if (this.ended) return;
    this.ended = true;
    this.forward((r) => r.onRunEnd?.(run));
  }

  /** Ends the run from the results seen so far; `why` completes "… before this check finished". */
  finishInterrupted(why: string): RunResult | undefined {
    if (this.ended) return undefined;
    const run = buildInterruptedRun({ seed: this.seed, planned: this.planned, seen: this.seen, only: this.only, durationMs: performance.now() - this.started }, why);
    this.onRunEnd(run);
    return run;
  }

  /** Calls every reporter; the first error is thrown after all have had their turn. */
  private forward(call: (r: Reporter) => void): void {
    let failure: unknown;
    for (const r of this.reporters) {
      try {
        call(r);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
