// Entry point of `npm run lesson`: prints a lesson's text, rendered for the terminal (plain text
// when stdout is not a terminal or NO_COLOR is set).
import { relative } from 'node:path';
import { course } from '../lessons/index.ts';
import { renderLesson } from './course/render-lesson.ts';
import { renderTerminal, terminalOptions } from './course/render-terminal.ts';
import { resolveLessons, UnknownLessonError } from './course/resolve-lessons.ts';
import { projectRoot } from './paths.ts';

class LessonTextError extends Error {}

// A reader that went away (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

try {
  const lessons = resolveLessons(course, process.argv.slice(2));
  const options = terminalOptions(process.stdout, process.env);
  const texts = lessons.map((lesson) => {
    try {
      return renderTerminal(renderLesson(lesson), options);
    } catch (err) {
      // Handlebars' strict mode: a misspelt variable is the author's error, said with the file it is in.
      throw new LessonTextError(`${relative(projectRoot, lesson.dir)}/lesson.md: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  process.stdout.write(texts.join('\n'));
} catch (err) {
  if (err instanceof UnknownLessonError) {
    process.stderr.write(`lesson: ${err.message}\n`);
    process.exitCode = 2;
  } else if (err instanceof LessonTextError) {
    process.stderr.write(`lesson: ${err.message}\n`);
    process.exitCode = 1;
  } else throw err;
}
