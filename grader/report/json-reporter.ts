// The reporter for machines: one JSON document when the run ends (the contract's shape), with the
// points of every check, lesson and run, why the run ended, and which course graded it.
import type { CourseStamp } from '../integrity/course-lock.ts';
import type { RunResult } from '../types.ts';
import type { Reporter } from './reporter.ts';
import { terminalSink, type Sink } from './sink.ts';

export class JsonReporter implements Reporter {
  constructor(private readonly write: Sink = terminalSink(), private readonly course?: CourseStamp) {}

  onRunEnd(run: Readonly<RunResult>): void {
    this.write(`${JSON.stringify(renderJson(run, this.course), null, 2)}\n`);
  }
}

export function renderJson(run: Readonly<RunResult>, course?: CourseStamp) {
  return {
    seed: run.seed,
    endReason: run.endReason,
    score: run.score,
    maxScore: run.maxScore,
    durationMs: Math.round(run.durationMs),
    ...(course ? { course } : {}),
    lessons: run.lessons.map((l) => ({
      id: l.id,
      slug: l.slug,
      title: l.title,
      program: l.program,
      score: l.score,
      maxScore: l.maxScore,
      checks: l.checks.map((c) => ({
        id: c.id,
        status: c.status,
        message: c.message,
        ...(c.details ? { details: c.details } : {}),
        output: c.output,
        score: c.score,
        maxScore: c.maxScore,
        ...(c.notes?.length ? { notes: c.notes } : {}),
        durationMs: Math.round(c.durationMs),
      })),
    })),
  };
}
