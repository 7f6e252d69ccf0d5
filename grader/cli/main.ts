// The grader's command: parse, resolve lessons, run, report, exit with 0 only when every check passed.
import { resolve } from 'node:path';
import { course } from '../../lessons/index.ts';
import { resolveLessons, UnknownLessonError } from '../course/resolve-lessons.ts';
import { internalErrorMessage } from '../errors.ts';
import { killAllGroups } from '../process/process-registry.ts';
import { unrunnableReason, type ProgramSpec } from '../process/program-spec.ts';
import { invocationDir, projectRoot } from '../paths.ts';
import { createReporter } from '../report/create-reporter.ts';
import { lessonId, runLessons, runPassed } from '../runner/run-lessons.ts';
import type { Lesson } from '../types.ts';
import { parseOptions, USAGE, UsageError, type CliOptions } from './parse-options.ts';

export const EXIT = { passed: 0, failed: 1, usage: 2, internal: 70 } as const;

export async function main(argv: string[]): Promise<number> {
  installSignalHandlers();
  let options: CliOptions;
  let lessons: Lesson[];
  try {
    options = parseOptions(argv);
    lessons = resolveLessons(course, options.lessons);
    const unknown = options.only.filter((id) => !lessons.some((l) => l.checks.some((c) => c.id === id)));
    if (unknown.length) throw new UsageError(`no check named ${unknown.join(', ')} in ${lessons.map(lessonId).join(', ')}`);
    for (const lesson of lessons) {
      const program = programFor(options, lesson);
      const unrunnable = program.kind === 'file' ? unrunnableReason(resolve(projectRoot, program.path)) : undefined;
      if (unrunnable) throw new UsageError(unrunnable);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof UnknownLessonError) {
      process.stderr.write(`grade: ${err.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.passed;
  }
  if (options.list) {
    for (const l of lessons) process.stdout.write(`${lessonId(l)}  ${l.slug}: ${l.title}\n${l.checks.map((c) => `    ${c.id}: ${c.title}\n`).join('')}`);
    return EXIT.passed;
  }
  const run = await runLessons({
    lessons,
    programFor: (lesson) => programFor(options, lesson),
    seed: options.seed,
    only: options.only,
    jobs: options.jobs,
    reporters: [createReporter(options.reporter, { verbose: options.verbose })],
  });
  return runPassed(run) ? EXIT.passed : EXIT.failed;
}

function programFor(options: CliOptions, lesson: Lesson): ProgramSpec {
  const t = options.target;
  if (t.kind === 'exercise') return { kind: 'file', path: lesson.exercise };
  if (t.kind === 'solution') return { kind: 'file', path: lesson.solution };
  // A --program path is the user's, relative to where they ran the command.
  if (t.kind === 'file') return { kind: 'file', path: resolve(invocationDir(), t.path) };
  return t;
}

/** Whatever ends the grader (Ctrl-C, SIGTERM, a crash) stops every program it started. */
function installSignalHandlers(): void {
  // A reader that went away (`| head`) is not a grader failure: grading finishes, output stops.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      killAllGroups();
      process.stderr.write(`\ngrade: stopped by ${signal}; every program it started has been stopped\n`);
      process.exit(code);
    });
  }
  process.once('uncaughtException', (err) => {
    killAllGroups();
    process.stderr.write(`grade: ${internalErrorMessage(err)}\n`);
    process.exit(EXIT.internal);
  });
}
