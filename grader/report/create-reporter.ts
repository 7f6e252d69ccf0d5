// Builds the reporters a run was asked for, each writing to the terminal or to its own file.
import type { CourseStamp } from '../integrity/course-lock.ts';
import { Classroom50Reporter } from './classroom50-reporter.ts';
import { GithubReporter } from './github-reporter.ts';
import { GradescopeReporter } from './gradescope-reporter.ts';
import { JsonReporter } from './json-reporter.ts';
import { JunitReporter } from './junit-reporter.ts';
import { PrettyReporter } from './pretty-reporter.ts';
import type { Reporter } from './reporter.ts';
import { appendSink, documentSink, terminalSink, type Sink } from './sink.ts';

export const REPORTERS = ['pretty', 'json', 'junit', 'github', 'gradescope', 'classroom50'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Reporters that print one whole document: on the terminal, nothing else may print beside them. */
export const DOCUMENT_REPORTERS: readonly ReporterName[] = ['json', 'junit', 'gradescope', 'classroom50'];

export interface ReporterSpec {
  name: ReporterName;
  /** Absolute path of its file; none means the terminal (for github: the step summary file). */
  path?: string;
}

export interface ReporterContext {
  verbose?: boolean;
  /** The course stamp machine-readable reports carry. */
  course?: CourseStamp;
  env?: NodeJS.ProcessEnv;
}

export function createReporters(specs: readonly ReporterSpec[], context: ReporterContext = {}): Reporter[] {
  const env = context.env ?? process.env;
  const stdoutTaken = specs.some((s) => DOCUMENT_REPORTERS.includes(s.name) && !s.path);
  const sinkFor = (spec: ReporterSpec): Sink => (spec.path ? documentSink(spec.path) : terminalSink('stdout'));
  return specs.map((spec): Reporter => {
    switch (spec.name) {
      case 'pretty':
        return spec.path ? new PrettyReporter({ write: appendSink(spec.path, { fresh: true }), colors: false, verbose: context.verbose }) : new PrettyReporter({ verbose: context.verbose });
      case 'json':
        return new JsonReporter(sinkFor(spec), context.course);
      case 'junit':
        return new JunitReporter(sinkFor(spec), context.course);
      case 'gradescope':
        return new GradescopeReporter(sinkFor(spec), context.course);
      case 'classroom50':
        return new Classroom50Reporter(sinkFor(spec), env);
      case 'github': {
        const summaryPath = spec.path ?? (env.GITHUB_STEP_SUMMARY || undefined);
        // Workflow commands work on stderr too: a document on stdout stays a valid document.
        const annotate = terminalSink(stdoutTaken ? 'stderr' : 'stdout');
        return new GithubReporter({ annotate, summaryPath, summary: summaryPath ? appendSink(summaryPath, { fresh: false }) : undefined, course: context.course });
      }
    }
  });
}
