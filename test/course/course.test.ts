// The course self-check: for every lesson, the solution passes every check, the untouched stub
// fails, and every known-broken fixture fails exactly the checks it is named for.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLesson } from '../../grader/course/render-lesson.ts';
import type { ProgramSpec } from '../../grader/process/program-spec.ts';
import { runLessons } from '../../grader/runner/run-lessons.ts';
import type { CheckResult, Lesson } from '../../grader/types.ts';
import { course } from '../../lessons/index.ts';

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function grade(lesson: Lesson, program: ProgramSpec): Promise<CheckResult[]> {
  const run = await runLessons({ lessons: [lesson], programFor: () => program, seed: 20261124, jobs: 6 });
  return run.lessons[0]!.checks;
}

/** "id: status" lines, with the message of anything that did not pass, so a failure explains itself. */
function statuses(results: CheckResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.id, r.status]));
}

function explain(results: CheckResult[]): string {
  return results.filter((r) => r.status !== 'pass').map((r) => `${r.id} (${r.status}):\n${r.message}\n${r.output.join('\n')}`).join('\n\n');
}

for (const lesson of course) {
  const ids = lesson.checks.map((c) => c.id);

  describe.concurrent(`lesson ${lesson.number} (${lesson.slug})`, () => {
    it('the TypeScript solution passes every check', async () => {
      const results = await grade(lesson, { kind: 'file', path: lesson.solution });
      expect(statuses(results), explain(results)).toEqual(Object.fromEntries(ids.map((id) => [id, 'pass'])));
    });

    const python = lesson.solution.replace(/\.ts$/, '.py');
    it.runIf(hasPython && existsSync(python))('the Python solution passes every check (through --cmd)', async () => {
      const results = await grade(lesson, { kind: 'cmd', command: `python3 ${python}` });
      expect(statuses(results), explain(results)).toEqual(Object.fromEntries(ids.map((id) => [id, 'pass'])));
    });

    it('the untouched stub fails', async () => {
      const results = await grade(lesson, { kind: 'file', path: lesson.exercise });
      expect(results.some((r) => r.status === 'fail'), explain(results)).toBe(true);
      expect(results.filter((r) => r.status === 'error'), explain(results)).toEqual([]);
    });

    const pythonStub = lesson.exercise.replace(/\.ts$/, '.py');
    it.runIf(hasPython && existsSync(pythonStub))('the untouched Python stub fails', async () => {
      const results = await grade(lesson, { kind: 'cmd', command: `python3 ${pythonStub}` });
      expect(results.some((r) => r.status === 'fail'), explain(results)).toBe(true);
      expect(results.filter((r) => r.status === 'error'), explain(results)).toEqual([]);
    });

    it('names real checks in its fixtures, and has a fixture failing each check', () => {
      for (const f of lesson.fixtures) {
        expect(existsSync(join(lesson.dir, f.file)), f.file).toBe(true);
        expect(ids, f.file).toEqual(expect.arrayContaining([...f.fails, ...(f.skips ?? [])]));
        expect(f.fails.length, f.file).toBeGreaterThan(0);
      }
      const covered = new Set(lesson.fixtures.flatMap((f) => f.fails));
      expect(ids.filter((id) => !covered.has(id))).toEqual([]);
    });

    it('renders its text with every template variable known', () => {
      const text = renderLesson(lesson);
      expect(text).not.toMatch(/\{\{/);
      for (const id of ids) expect(text).toContain(id);
    });

    for (const fixture of lesson.fixtures) {
      const needsPython = fixture.file.endsWith('.py');
      it.runIf(!needsPython || hasPython)(`fixture ${fixture.file} fails exactly ${fixture.fails.join(', ')}`, async () => {
        const results = await grade(lesson, { kind: 'file', path: join(lesson.dir, fixture.file) });
        const expected = Object.fromEntries(ids.map((id) => [id, fixture.fails.includes(id) ? 'fail' : fixture.skips?.includes(id) ? 'skip' : 'pass']));
        expect(statuses(results), explain(results)).toEqual(expected);
      });
    }
  });
}
