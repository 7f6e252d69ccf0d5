// For GitHub Actions: an error annotation per failed check (GitHub shows at most 10 per step and
// drops the rest silently, so the 11th line is a notice that says how many more there are), and
// the whole report as the step's job summary.
import type { CourseStamp } from '../integrity/course-lock.ts';
import type { RunResult } from '../types.ts';
import { workflowCommand } from './github-commands.ts';
import type { Reporter } from './reporter.ts';
import { fileSize, type Sink } from './sink.ts';
import { renderStepSummary, STEP_SUMMARY_LIMIT } from './step-summary.ts';

export const MAX_ERROR_ANNOTATIONS = 10;

export interface GithubOptions {
  /** Where the workflow commands go (stdout, or stderr when stdout carries a document). */
  annotate: Sink;
  /** The step summary file ($GITHUB_STEP_SUMMARY, or the file named with --reporter github=FILE). */
  summaryPath?: string;
  summary?: Sink;
  course?: CourseStamp;
}

export class GithubReporter implements Reporter {
  constructor(private readonly options: GithubOptions) {}

  onRunEnd(run: Readonly<RunResult>): void {
    this.options.annotate(renderAnnotations(run));
    if (!this.options.summary) return;
    const used = this.options.summaryPath ? fileSize(this.options.summaryPath) : 0;
    this.options.summary(renderStepSummary(run, this.options.course, STEP_SUMMARY_LIMIT - used));
  }
}

export function renderAnnotations(run: Readonly<RunResult>): string {
  const problems = run.lessons.flatMap((l) => l.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => ({ lesson: l.id, check: c })));
  const lines = problems.slice(0, MAX_ERROR_ANNOTATIONS).map(({ lesson, check }) => {
    const title = `${lesson} ${check.id}${check.status === 'error' ? ' (grader error)' : ''}`;
    return workflowCommand('error', { title }, `${check.title}\n${check.message}`);
  });
  const more = problems.length - MAX_ERROR_ANNOTATIONS;
  if (more > 0) lines.push(workflowCommand('notice', { title: 'handshake' }, `and ${more} more failed checks in the step summary`));
  if (run.endReason === 'interrupted') lines.push(workflowCommand('warning', { title: 'handshake' }, 'the grader was stopped before it finished; the report holds the checks that finished'));
  return lines.join('');
}
