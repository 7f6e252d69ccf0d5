// Entry point of `npm run reset -- lesson5 [--yes] [--from COMMIT]`: the lesson's stub back from git.
import { parseArgs } from 'node:util';
import { course } from '../../lessons/index.ts';
import { resolveLessons, UnknownLessonError } from '../course/resolve-lessons.ts';
import { projectRoot } from '../paths.ts';
import { confirm } from './confirm.ts';
import { applyReset, describeNothingToDo, describePlan, planReset, ResetRefused } from './reset-lesson.ts';

const USAGE = `Usage: npm run reset -- LESSON [--yes] [--from COMMIT]
  Puts the lesson's exercise folder back as committed (HEAD, or COMMIT), after you confirm.
  --yes          do not ask
  --from COMMIT  restore from this commit instead of HEAD`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values;
  let lesson;
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { yes: { type: 'boolean', short: 'y' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    values = parsed.values;
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new TypeError('name one lesson to reset, e.g. npm run reset -- lesson5');
    lesson = resolveLessons(course, parsed.positionals)[0]!;
  } catch (err) {
    if (!(err instanceof UnknownLessonError || err instanceof TypeError)) throw err;
    process.stderr.write(`reset: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  // `npm run reset lesson5 --yes` (no --): npm keeps --yes as npm_config_yes=true.
  const yes = Boolean(values.yes) || (env.npm_lifecycle_event === 'reset' && env.npm_config_yes === 'true');
  try {
    const plan = planReset(projectRoot, lesson, values.from ?? 'HEAD');
    if (plan.changed.length === 0) {
      process.stdout.write(`${describeNothingToDo(plan, `lesson${lesson.number}`)}\n`);
      return 0;
    }
    process.stdout.write(`${describePlan(plan)}\n`);
    if (!yes && !(await confirm('Reset?'))) {
      process.stdout.write('Nothing was changed.\n');
      return 1;
    }
    applyReset(projectRoot, plan);
    process.stdout.write(`${plan.folder}/ is back as in ${plan.revLabel}.\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ResetRefused)) throw err;
    process.stderr.write(`reset: ${err.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2), process.env);
