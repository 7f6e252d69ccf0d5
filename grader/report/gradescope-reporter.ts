// Gradescope's results.json: the run's score, a summary for the student, and one test per check
// with its points and the whole failure text. Written even when the run is cut short.
import type { CourseStamp } from '../integrity/course-lock.ts';
import { checkPassed } from '../runner/summarize-run.ts';
import type { RunResult } from '../types.ts';
import { describeCheck, summarizeCounts, uniqueNames } from './check-text.ts';
import type { Reporter } from './reporter.ts';
import type { Sink } from './sink.ts';

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'text';
  visibility: 'visible';
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  tests: GradescopeTest[];
  extra_data: Record<string, unknown>;
}

export class GradescopeReporter implements Reporter {
  constructor(private readonly write: Sink, private readonly course?: CourseStamp) {}

  onRunEnd(run: Readonly<RunResult>): void {
    this.write(`${JSON.stringify(renderGradescope(run, this.course), null, 2)}\n`);
  }
}

export function renderGradescope(run: Readonly<RunResult>, course?: CourseStamp): GradescopeResults {
  const rows = run.lessons.flatMap((l) => l.checks.map((c) => ({ lesson: l, check: c })));
  const names = uniqueNames(rows.map(({ lesson, check }) => `${lesson.id} ${check.id}: ${check.title}`));
  const tests = rows.map(({ check }, i): GradescopeTest => ({
    name: names[i]!,
    score: check.score,
    max_score: check.maxScore,
    status: checkPassed(check) ? 'passed' : 'failed',
    output: check.status === 'pass' ? check.message : describeCheck(check),
    output_format: 'text',
    visibility: 'visible',
  }));
  return {
    score: run.score,
    execution_time: Math.ceil(run.durationMs / 1000),
    output: summarizeRunForStudent(run),
    output_format: 'text',
    tests,
    extra_data: { maxScore: run.maxScore, seed: run.seed, endReason: run.endReason, ...(course ? { course } : {}) },
  };
}

function summarizeRunForStudent(run: Readonly<RunResult>): string {
  const lines = [`${run.lessons.map((l) => `${l.id} (${l.program})`).join(', ')}: ${summarizeCounts(run)}.`];
  if (run.endReason === 'interrupted') lines.push('The grader was stopped before it finished: checks that did not finish score 0 and say "not run".');
  if (run.lessons.some((l) => l.checks.some((c) => c.status === 'error'))) lines.push('A check marked as a grader error says nothing about your program: ask your instructor to look at it.');
  if (run.lessons.some((l) => l.checks.some((c) => c.status === 'fail' && !c.startupFailure))) lines.push(`Random input came from seed ${run.seed}: npm run grade -- --seed ${run.seed} replays it on your machine.`);
  return lines.join('\n');
}
