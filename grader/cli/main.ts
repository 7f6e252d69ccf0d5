// The grader's command: parse, resolve lessons, run, report, exit with 0 only when every check passed.
import { resolve } from 'node:path';
import { course } from '../../lessons/index.ts';
import { matchesLesson, resolveLessons, UnknownLessonError } from '../course/resolve-lessons.ts';
import { internalErrorMessage } from '../errors.ts';
import { stampCourse } from '../integrity/course-lock.ts';
import { verifyCourse } from '../integrity/verify-course.ts';
import { invocationDir, projectRoot } from '../paths.ts';
import { killAllGroups } from '../process/process-registry.ts';
import { unrunnableReason, type ProgramSpec } from '../process/program-spec.ts';
import { createReporters } from '../report/create-reporter.ts';
import { ReportSession } from '../report/report-session.ts';
import { lessonId, runLessons } from '../runner/run-lessons.ts';
import type { Lesson } from '../types.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { NpmSwallowedError, quoteForShell, recoverNpmFlags } from './npm-swallowed.ts';
import { parseOptions, USAGE, UsageError, type CliOptions } from './parse-options.ts';

/** The reports of the run in progress: a signal handler finishes them before the process exits. */
let activeSession: ReportSession | undefined;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  installSignalHandlers();
  let options: CliOptions;
  let lessons: Lesson[];
  try {
    const { argv: args, recovered } = recoverNpmFlags(argv, env, (id) => course.some((l) => matchesLesson(l, id)));
    if (recovered.length) process.stderr.write(`grade: npm kept ${recovered.filter((a) => a.startsWith('--')).join(' ')} for itself (no -- before it); grading as asked: npm run grade -- ${args.map(quoteForShell).join(' ')}\n`);
    options = parseOptions(args, undefined, { cwd: invocationDir(), env });
    if (options.verifyCourse) return reportCourse();
    lessons = resolveLessons(course, options.lessons);
    const unknown = options.only.filter((id) => !lessons.some((l) => l.checks.some((c) => c.id === id)));
    if (unknown.length) throw new UsageError(`no check named ${unknown.join(', ')} in ${lessons.map(lessonId).join(', ')}`);
    for (const lesson of lessons) {
      const program = programFor(options, lesson);
      const unrunnable = program.kind === 'file' ? unrunnableReason(resolve(projectRoot, program.path)) : undefined;
      if (unrunnable) throw new UsageError(unrunnable);
    }
  } catch (err) {
    if (err instanceof NpmSwallowedError) {
      process.stderr.write(`grade: ${err.message}\n`);
      return EXIT.usage;
    }
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
  // Only machine-readable reports say which course graded: pretty alone need not read the sources.
  const stamp = options.reporters.some((r) => r.name !== 'pretty') ? stampCourse(projectRoot) : undefined;
  const session = new ReportSession(createReporters(options.reporters, { verbose: options.verbose, course: stamp, env }), options.only);
  activeSession = session;
  const run = await runLessons({
    lessons,
    programFor: (lesson) => programFor(options, lesson),
    seed: options.seed,
    only: options.only,
    jobs: options.jobs,
    reporters: [session],
  });
  activeSession = undefined;
  return exitCodeFor(run);
}

function reportCourse(): number {
  const verdict = verifyCourse(projectRoot);
  (verdict.ok ? process.stdout : process.stderr).write(`${verdict.lines.map((l, i) => (i === 0 ? `grade: ${l}` : l)).join('\n')}\n`);
  return verdict.ok ? EXIT.passed : EXIT.courseChanged;
}

function programFor(options: CliOptions, lesson: Lesson): ProgramSpec {
  const t = options.target;
  if (t.kind === 'exercise') return { kind: 'file', path: lesson.exercise };
  if (t.kind === 'solution') return { kind: 'file', path: lesson.solution };
  // A --program path is the user's, relative to where they ran the command.
  if (t.kind === 'file') return { kind: 'file', path: resolve(invocationDir(), t.path) };
  return t;
}

/** Reports of a run cut short are written from what finished; a report that fails says so and no more. */
function finishReports(why: string): void {
  try {
    activeSession?.finishInterrupted(why);
  } catch (err) {
    process.stderr.write(`grade: a report could not be written: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  activeSession = undefined;
}

/** Whatever ends the grader (Ctrl-C, SIGTERM, a crash) stops every program it started and finishes the reports. */
function installSignalHandlers(): void {
  // A reader that went away (`| head`) is not a grader failure: grading finishes, output stops.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllGroups();
      finishReports(`the grader was stopped by ${signal}`);
      process.stderr.write(`\ngrade: stopped by ${signal}; every program it started has been stopped\n`);
      process.exit(EXIT[signal]);
    });
  }
  process.once('uncaughtException', (err) => {
    killAllGroups();
    finishReports('the grader stopped with an internal error');
    process.stderr.write(`grade: ${internalErrorMessage(err)}\n`);
    process.exit(EXIT.internal);
  });
}
