// Reads the command line into options; all checking of user input happens here, before anything starts.
import { parseArgs } from 'node:util';
import type { ReporterSpec } from '../report/create-reporter.ts';
import type { ProgramSpec } from '../process/program-spec.ts';
import { planReporters, ReporterSpecError } from './reporter-specs.ts';

export interface CliOptions {
  lessons: string[];
  /** What to grade: the exercise (default), the solution, a file, or a shell command. */
  target: { kind: 'exercise' } | { kind: 'solution' } | ProgramSpec;
  reporters: ReporterSpec[];
  seed: number;
  verbose: boolean;
  only: string[];
  /** How many checks run at once; the runner's default when not given. */
  jobs?: number;
  list: boolean;
  verifyCourse: boolean;
  help: boolean;
}

export interface ParseContext {
  /** Where relative --reporter files go: the directory the user ran the command in. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run grade -- [lesson…] [options]

Lessons: lesson5, 5, 05 or server-loops; none means every lesson.

Options:
  --solution              grade the reference solution instead of your exercise
  --program FILE          grade FILE (.ts, .js, .py) instead of your exercise
  --cmd "COMMAND"         grade any program: {host}, {port} and {socket} are filled in,
                          and HOST, PORT are in its environment
  --reporter NAME[=FILE]  pretty (default), json, junit, github, gradescope or classroom50,
                          to the terminal or to FILE; repeatable. Under GitHub Actions
                          github is added by itself
  --seed N                replay the random input of an earlier run
  --only CHECK            run only this check (repeatable)
  --verbose               show every reference peer's transcript, with times
  --jobs N                how many checks run at once
  --list                  list lessons and their checks
  --verify-course         compare the grader and checks with course.lock.json, then exit
  -h, --help              show this help

Exit codes: 0 every check passed (or skipped), 1 a check failed, 2 usage error,
3 a check ended in a grader error and none failed, 4 the course differs from
course.lock.json (--verify-course), 70 the grader crashed, 130/143 interrupted.`;

export function parseOptions(argv: string[], randomSeed = () => Math.floor(Math.random() * 2 ** 31), context: ParseContext = { cwd: process.cwd(), env: {} }): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        solution: { type: 'boolean', default: false },
        program: { type: 'string' },
        cmd: { type: 'string' },
        reporter: { type: 'string', multiple: true, default: [] },
        seed: { type: 'string' },
        only: { type: 'string', multiple: true, default: [] },
        verbose: { type: 'boolean', short: 'v', default: false },
        jobs: { type: 'string' },
        list: { type: 'boolean', default: false },
        'verify-course': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const chosen = [v.solution && '--solution', v.program !== undefined && '--program', v.cmd !== undefined && '--cmd'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined: choose one program to grade`);
  if (v.cmd !== undefined && v.cmd.trim() === '') throw new UsageError('--cmd needs a command, e.g. --cmd "python3 server.py"');
  let reporters: ReporterSpec[];
  try {
    reporters = planReporters(v.reporter, context.cwd, context.env);
  } catch (err) {
    if (err instanceof ReporterSpecError) throw new UsageError(err.message);
    throw err;
  }
  const seed = v.seed === undefined ? randomSeed() : Number(v.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed takes a whole number from 0 to ${0xffffffff}, not "${v.seed}"`);
  const jobs = v.jobs === undefined ? undefined : Number(v.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError(`--jobs takes a whole number from 1, not "${v.jobs}"`);
  const target: CliOptions['target'] = v.solution
    ? { kind: 'solution' }
    : v.program !== undefined
      ? { kind: 'file', path: v.program }
      : v.cmd !== undefined
        ? { kind: 'cmd', command: v.cmd }
        : { kind: 'exercise' };
  return { lessons: parsed.positionals, target, reporters, seed, verbose: v.verbose, only: v.only, jobs, list: v.list, verifyCourse: v['verify-course'], help: v.help };
}
