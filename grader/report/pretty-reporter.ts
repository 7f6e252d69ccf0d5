// The reporter for people: ✓/✗ per check as results come in; for a failure, what the peer did,
// what it expected, what it saw, the likely cause and the program's last lines; then a summary.
import pc from 'picocolors';
import { formatTranscript } from '../net/transcript.ts';
import type { CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';
import { countStatuses, formatPoints } from './check-text.ts';
import { isNotRun } from './interrupted-run.ts';
import type { Reporter, RunStartInfo } from './reporter.ts';

export interface PrettyOptions {
  write?: (text: string) => void;
  verbose?: boolean;
  colors?: boolean;
}

const MARK = { pass: '✓', fail: '✗', skip: '-', error: '!' } as const;

export class PrettyReporter implements Reporter {
  private readonly write: (text: string) => void;
  private readonly c: ReturnType<typeof pc.createColors>;
  private seed = 0;
  /** The first check of the current lesson whose program could not start; later ones refer to it. */
  private firstStartupFailure: string | undefined;

  constructor(private readonly options: PrettyOptions = {}) {
    this.write = options.write ?? ((t) => process.stdout.write(t));
    this.c = pc.createColors(options.colors ?? pc.isColorSupported);
  }

  onRunStart(info: RunStartInfo): void {
    this.seed = info.seed;
  }

  onLessonStart(lesson: Readonly<Lesson>, result: Readonly<LessonResult>): void {
    this.firstStartupFailure = undefined;
    this.write(`\n${this.c.bold(`${result.id} · ${lesson.slug}`)} ${this.c.dim(`— ${lesson.title} — grading ${result.program}`)}\n`);
  }

  onCheckResult(_lesson: Readonly<Lesson>, r: Readonly<CheckResult>): void {
    const { c } = this;
    const paint = { pass: c.green, fail: c.red, skip: c.yellow, error: c.magenta }[r.status];
    const time = c.dim(`(${Math.round(r.durationMs)} ms)`);
    this.write(`  ${paint(MARK[r.status])} ${r.id} ${c.dim(r.title)} ${time}\n`);
    if (r.status === 'pass' && !this.options.verbose && !r.notes?.length) return;
    if (r.startupFailure && this.firstStartupFailure) {
      this.write(indent(c.dim(`the same start-up problem as for ${this.firstStartupFailure} above`), 6));
      return;
    }
    if (r.startupFailure) this.firstStartupFailure = r.id;
    const lines = r.details
      ? [
          `${c.bold('did')}       ${r.details.did}`,
          `${c.bold('expected')}  ${r.details.expected}`,
          `${c.bold('saw')}       ${r.details.saw}`,
          `${c.bold('cause')}     ${c.yellow(r.details.cause)}`,
        ]
      : r.message
        ? [r.status === 'error' ? c.magenta(r.message) : r.message]
        : [];
    for (const line of lines) this.write(indent(line, 6));
    for (const note of r.notes ?? []) if (!isNotRun(r)) this.write(indent(c.yellow(`note      ${note}`), 6));
    if (r.status !== 'pass' && r.output.length) {
      this.write(indent(c.dim('your program printed (last lines):'), 6));
      for (const line of r.output) this.write(indent(c.dim(`│ ${line}`), 6));
    }
    if (this.options.verbose) {
      for (const t of r.transcripts) {
        this.write(indent(c.dim(`${t.peer}:`), 6));
        for (const line of formatTranscript(t.events)) this.write(indent(c.dim(line), 8));
      }
    }
  }

  onRunEnd(run: Readonly<RunResult>): void {
    const all = run.lessons.flatMap((l) => l.checks);
    const notRun = all.filter(isNotRun).length;
    const count = countStatuses(all.filter((r) => !isNotRun(r)));
    const parts = [`${count.pass} passed`, `${count.fail} failed`];
    if (count.skip) parts.push(`${count.skip} skipped`);
    if (count.error) parts.push(`${count.error} errors`);
    if (notRun) parts.push(`${notRun} not run`);
    const ok = run.endReason !== 'interrupted' && count.fail === 0 && count.error === 0;
    const prefix = run.endReason === 'interrupted' ? 'interrupted: ' : '';
    const summary = ok ? this.c.green(prefix + parts.join(', ')) : this.c.red(prefix + parts.join(', '));
    const points = `${formatPoints(run.score)}/${formatPoints(run.maxScore)} points`;
    this.write(`\n${summary} ${this.c.dim(`· ${points} in ${(run.durationMs / 1000).toFixed(2)} s`)}\n`);
    // Random input only matters to checks that ran: a program that never started used none.
    if (all.some((r) => r.status === 'fail' && !r.startupFailure)) this.write(this.c.dim(`random input came from seed ${this.seed}: add --seed ${this.seed} to replay it\n`));
  }
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return `${text.split('\n').map((l) => pad + l).join('\n')}\n`;
}
