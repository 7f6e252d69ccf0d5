// Reads the command line into options; all checking of user input happens here, before anything starts.
import { parseArgs } from 'node:util';
import { REPORTERS, type ReporterName } from '../report/create-reporter.ts';
import type { ProgramSpec } from '../process/program-spec.ts';

export interface CliOptions {
  lessons: string[];
  /** What to grade: the exercise (default), the solution, a file, or a shell command. */
  target: { kind: 'exercise' } | { kind: 'solution' } | ProgramSpec;
  reporter: ReporterName;
  seed: number;
  verbose: boolean;
  only: string[];
  jobs: number;
  list: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run grade -- [lesson…] [options]

Lessons: lesson5, 5, 05 or server-loops; none means every lesson.

Options:
  --solution            grade the reference solution instead of your exercise
  --program FILE        grade FILE (.ts, .js, .py) instead of your exercise
  --cmd "COMMAND"       grade any program: {host}, {port} and {socket} are filled in,
                        and HOST, PORT are in its environment
  --reporter NAME       pretty (default) or json
  --seed N              replay the random input of an earlier run
  --only CHECK          run only this check (repeatable)
  --verbose             show every reference peer's transcript, with times
  --jobs N              how many checks run at once (default 6)
  --list                list lessons and their checks
  -h, --help            show this help`;

export function parseOptions(argv: string[], randomSeed = () => Math.floor(Math.random() * 2 ** 31)): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        solution: { type: 'boolean', default: false },
        program: { type: 'string' },
        cmd: { type: 'string' },
        reporter: { type: 'string', default: 'pretty' },
        seed: { type: 'string' },
        only: { type: 'string', multiple: true, default: [] },
        verbose: { type: 'boolean', short: 'v', default: false },
        jobs: { type: 'string', default: '6' },
        list: { type: 'boolean', default: false },
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
  if (!REPORTERS.includes(v.reporter as ReporterName)) throw new UsageError(`unknown reporter "${v.reporter}": choose ${REPORTERS.join(' or ')}`);
  const seed = v.seed === undefined ? randomSeed() : Number(v.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed takes a whole number from 0 to ${0xffffffff}, not "${v.seed}"`);
  const jobs = Number(v.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number from 1, not "${v.jobs}"`);
  const target: CliOptions['target'] = v.solution
    ? { kind: 'solution' }
    : v.program !== undefined
      ? { kind: 'file', path: v.program }
      : v.cmd !== undefined
        ? { kind: 'cmd', command: v.cmd }
        : { kind: 'exercise' };
  return { lessons: parsed.positionals, target, reporter: v.reporter as ReporterName, seed, verbose: v.verbose, only: v.only, jobs, list: v.list, help: v.help };
}
