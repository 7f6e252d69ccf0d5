// Writes Classroom 50's result.json, after checking it against the schema's rules: a document
// the gradebook would refuse is a grader error, said here rather than in the gradebook.
import type { RunResult } from '../types.ts';
import { buildClassroom50Result, validateClassroom50Result } from './classroom50-result.ts';
import type { Reporter } from './reporter.ts';
import type { Sink } from './sink.ts';

export class Classroom50Reporter implements Reporter {
  constructor(private readonly write: Sink, private readonly env: NodeJS.ProcessEnv = process.env) {}

  onRunEnd(run: Readonly<RunResult>): void {
    const doc = buildClassroom50Result(run, this.env);
    const problems = validateClassroom50Result(doc);
    if (problems.length > 0) throw new Error(`the classroom50 result would be invalid: ${problems.join('; ')}`);
    this.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
}
