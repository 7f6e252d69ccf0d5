// Entry point of `npm run watch [lesson] [-- --manual] [-- --python]`: grades the lesson's exercise
// (by default the first lesson not passed yet) on every save, until q.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { course } from '../../lessons/index.ts';
import { resolveLessons, UnknownLessonError } from '../course/resolve-lessons.ts';
import { projectRoot } from '../paths.ts';
import { readKeys } from './keys.ts';
import { lessonToWatch, readProgress } from './progress.ts';
import { WatchSession } from './watch-session.ts';

const USAGE = `Usage: npm run watch [lesson] [-- --manual] [-- --python]
  lesson     lesson5, 5, 05 or server-loops (default: the first lesson you have not passed)
  --manual   do not watch files (for file systems where saving is not noticed): press r to grade
  --python   grade the Python stub (server.py) instead of the TypeScript one
Keys: h hint · r re-run · n next lesson (once this one passes) · q quit`;

function parse(argv: string[], env: NodeJS.ProcessEnv) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { manual: { type: 'boolean' }, python: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  // `npm run watch lesson5 --manual` (no --): npm keeps the flag as npm_config_manual=true.
  const npmKept = (flag: string) => env.npm_lifecycle_event === 'watch' && env[`npm_config_${flag}`] === 'true';
  if (positionals.length > 1) throw new TypeError(`watch one lesson at a time, not ${positionals.join(' and ')}`);
  return { lessonName: positionals[0], manual: Boolean(values.manual) || npmKept('manual'), python: Boolean(values.python) || npmKept('python'), help: Boolean(values.help) };
}

function main(): void {
  let options;
  let lesson;
  try {
    options = parse(process.argv.slice(2), process.env);
    lesson = options.lessonName ? resolveLessons(course, [options.lessonName])[0] : lessonToWatch(course, readProgress(projectRoot));
  } catch (err) {
    if (!(err instanceof UnknownLessonError || err instanceof TypeError)) throw err;
    process.stderr.write(`watch: ${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help || !lesson) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const session = new WatchSession({
    course,
    lesson,
    root: projectRoot,
    manual: options.manual,
    python: options.python,
    write: (text) => void process.stdout.write(text),
    colors: pc.createColors(pc.isColorSupported && Boolean(process.stdout.isTTY)),
    clear: Boolean(process.stdout.isTTY),
    width: Math.min(process.stdout.columns || 80, 100),
    quit: () => {
      keys.stop();
      process.exit(0);
    },
  });
  const graded = join(projectRoot, session.gradedFile());
  if (!existsSync(graded)) {
    process.stderr.write(`watch: ${session.gradedFile()} does not exist${options.python ? ' (this lesson has no Python stub)' : ''}\n`);
    process.exitCode = 2;
    return;
  }
  const keys = readKeys(process.stdin, (key) => session.onKey(key));
  // The runner's exit hook stops every program a grading started, however the process ends.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      keys.stop();
      process.exit(code);
    });
  }
  session.start();
}

main();
