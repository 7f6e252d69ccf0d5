// `npm run new-lesson`, end to end in a copy of the project: the scaffolded lesson is registered,
// renders, and passes the course self-check at once (its solution passes, its stub fails, its
// fixture fails its check), as the first state of a lesson being written must.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { course } from '../../lessons/index.ts';

const root = resolve(import.meta.dirname, '../..');
const number = Math.max(10, ...course.map((l) => l.number)) + 1;
const name = `${number}-greeting`;

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handshake-new-lesson-'));
  for (const entry of ['grader', 'lessons', 'exercises', 'solutions', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('npm run new-lesson', () => {
  const dir = copyProject();
  // INIT_CWD from an outer npm would make the grader run programs from there, not the copy.
  const env = { ...process.env, INIT_CWD: dir, NO_COLOR: '1' };
  const npm = (...args: string[]) => spawnSync('npm', ['run', '--silent', ...args], { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scaffolds a lesson that the self-check passes at once', { timeout: 300_000 }, () => {
    const made = npm('new-lesson', '--', name);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain(`lessons/${name}/checks/first-check.ts`);
    expect(readFileSync(join(dir, 'lessons/index.ts'), 'utf8')).toContain(`import greeting from './${name}/lesson.ts';`);

    const again = npm('new-lesson', '--', name);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`already has lesson ${number} (greeting)`);

    const text = npm('lesson', String(number));
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('- `first-check`: greets every client with hello');

    const checked = npm('course:check', '--', String(number));
    const section = checked.stdout.split('\n\n').map((s) => s.trim()).find((s) => s.startsWith(`lesson${number} · greeting`)) ?? '';
    expect(section, checked.stdout + checked.stderr).toMatch(/✓ the TypeScript solution passes every check/);
    expect(section).toMatch(/✓ the untouched stub fails/);
    expect(section).toMatch(/(✓|-) fixture fixtures\/broken\.py fails exactly first-check/);
    expect(section).not.toContain('✗');
    // The course-wide items must hold too: the new folders belong to the new lesson.
    expect(checked.stdout).not.toMatch(new RegExp(`✗[^\\n]*\\n(?:\\s+[•].*\\n)*[^\\n]*${name}`));
    expect(checked.status, checked.stdout).toBe(0);
  });

  it('leaves the scaffold type-correct', { timeout: 120_000 }, () => {
    // Errors elsewhere are other work in progress; the scaffold's own files must have none.
    const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.error).toBeUndefined();
    expect(tsc.stdout.split('\n').filter((l) => l.includes(name))).toEqual([]);
  });
});
