// Entry point of `npm run new-lesson -- NN-slug`: a new lesson that the course self-check runs at once.
import { course } from '../../lessons/index.ts';
import { projectRoot } from '../paths.ts';
import { parseLessonName, ScaffoldError, scaffoldLesson } from './scaffold-lesson.ts';

const USAGE = 'Usage: npm run new-lesson -- NN-slug    (e.g. npm run new-lesson -- 11-greeting)';

function main(argv: string[]): number {
  if (argv.length !== 1 || argv[0] === '--help' || argv[0] === '-h') {
    (argv.length === 1 ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return argv.length === 1 ? 0 : 2;
  }
  try {
    const names = parseLessonName(argv[0]!);
    const { written, notes } = scaffoldLesson(projectRoot, names, course);
    process.stdout.write(`new-lesson: lesson ${names.number} (${names.slug}) written and registered:\n${written.map((f) => `  ${f}\n`).join('')}`);
    for (const n of notes) process.stdout.write(`note: ${n}\n`);
    process.stdout.write(`\nIt is whole already: its solution passes, its stub fails, its fixture fails its check.\n  npm run course:check -- ${names.number}     prove it\n  npm run lesson ${names.number}              read its text\nThen replace each part with the lesson's own: docs/AUTHORING.md.\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ScaffoldError)) throw err;
    process.stderr.write(`new-lesson: ${err.message}\n`);
    return err.usage ? 2 : 1;
  }
}

process.exitCode = main(process.argv.slice(2));
