// Entry point of `npm run lesson`: prints a lesson's text, rendered, for reading in the terminal.
import { course } from '../lessons/index.ts';
import { renderLesson } from './course/render-lesson.ts';
import { resolveLessons, UnknownLessonError } from './course/resolve-lessons.ts';

try {
  const lessons = resolveLessons(course, process.argv.slice(2));
  process.stdout.write(lessons.map(renderLesson).join('\n\n'));
} catch (err) {
  if (!(err instanceof UnknownLessonError)) throw err;
  process.stderr.write(`lesson: ${err.message}\n`);
  process.exitCode = 2;
}
