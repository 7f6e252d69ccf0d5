// Entry point of `npm run course:check [lesson…] [-- --jobs N]`: the course self-check on its own,
// with a readable report; exit 0 when every item holds, 1 when one does not, 2 for a usage error.
import { parseArgs } from 'node:util';
import { course } from '../../lessons/index.ts';
import { resolveLessons, UnknownLessonError } from '../course/resolve-lessons.ts';
import { lessonId } from '../runner/run-lessons.ts';
import { courseItems, lessonItems } from './course-check.ts';
import { runCourseCheck } from './course-check-report.ts';

const USAGE = 'Usage: npm run course:check -- [lesson…] [--jobs N]   (--jobs: gradings at once, default 2)';

async function main(argv: string[]): Promise<number> {
  let lessons;
  let jobs: number;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { jobs: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    jobs = Number(values.jobs ?? 2);
    if (!Number.isInteger(jobs) || jobs < 1) throw new TypeError(`--jobs takes a whole number from 1, not "${values.jobs}"`);
    lessons = resolveLessons(course, positionals);
  } catch (err) {
    if (!(err instanceof UnknownLessonError || err instanceof TypeError)) throw err;
    process.stderr.write(`course:check: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const sections = [
    ...lessons.map((l) => ({ name: `${lessonId(l)} · ${l.slug}`, items: lessonItems(l) })),
    { name: 'course', items: courseItems(course) },
  ];
  const tally = await runCourseCheck(sections, { jobs, write: (t) => void process.stdout.write(t) });
  return tally.failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
