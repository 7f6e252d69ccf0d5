// The course self-check, as tests: for every lesson, the solutions pass every check, the untouched
// stubs fail, every known-broken fixture fails exactly the checks it is named for, the check ids
// are the curriculum's and appear in the text; and every folder belongs to a lesson. The items
// live in grader/tools/course-check.ts, which `npm run course:check` runs too.
import { describe, expect, it } from 'vitest';
import { courseItems, lessonItems, type CourseItem } from '../../grader/tools/course-check.ts';
import { course } from '../../lessons/index.ts';

function test(item: CourseItem): void {
  it.runIf(!item.unavailable)(item.title, async () => {
    const { problems } = await item.run();
    // Each problem carries the check's message and the program's last lines: a failure explains itself.
    expect(problems, problems.join('\n\n')).toEqual([]);
  });
}

for (const lesson of course) {
  describe.concurrent(`lesson ${lesson.number} (${lesson.slug})`, () => {
    for (const item of lessonItems(lesson)) test(item);
  });
}

describe('the course', () => {
  for (const item of courseItems(course)) test(item);
});
