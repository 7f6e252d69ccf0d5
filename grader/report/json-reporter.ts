// The reporter for machines: one JSON document on stdout when the run ends (the contract's shape).
import type { RunResult } from '../types.ts';
import type { Reporter } from './reporter.ts';

export class JsonReporter implements Reporter {
  constructor(private readonly write: (text: string) => void = (t) => process.stdout.write(t)) {}

  onRunEnd(run: RunResult): void {
    const doc = {
      seed: run.seed,
      durationMs: Math.round(run.durationMs),
      lessons: run.lessons.map((l) => ({
        id: l.id,
        slug: l.slug,
        title: l.title,
        program: l.program,
        checks: l.checks.map((c) => ({
          id: c.id,
          status: c.status,
          message: c.message,
          ...(c.details ? { details: c.details } : {}),
          output: c.output,
          durationMs: Math.round(c.durationMs),
        })),
      })),
    };
    this.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
}
