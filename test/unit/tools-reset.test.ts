// `npm run reset`: a lesson's exercise folder back from git, in a repository of the test's own.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReset, describeNothingToDo, describePlan, planReset, ResetRefused } from '../../grader/tools/reset-lesson.ts';

const lesson = { exercise: 'exercises/05-x/server.ts' };
const STUB = '// TODO: echo\n';

function repository(): { root: string; git: (...args: string[]) => string } {
  const root = mkdtempSync(join(tmpdir(), 'reset-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: root, encoding: 'utf8' });
  git('init', '-q');
  mkdirSync(join(root, 'exercises/05-x'), { recursive: true });
  writeFileSync(join(root, 'exercises/05-x/server.ts'), STUB);
  writeFileSync(join(root, 'exercises/05-x/server.py'), '# TODO\n');
  git('add', '.');
  git('commit', '-qm', 'the course');
  return { root, git };
}

describe('reset', () => {
  it('restores changed and deleted files from HEAD and keeps files the student added', () => {
    const { root } = repository();
    appendFileSync(join(root, 'exercises/05-x/server.ts'), 'my work\n');
    execFileSync('rm', [join(root, 'exercises/05-x/server.py')]);
    writeFileSync(join(root, 'exercises/05-x/notes.txt'), 'mine');
    const plan = planReset(root, lesson);
    expect(plan.changed.sort()).toEqual(['exercises/05-x/server.py', 'exercises/05-x/server.ts']);
    expect(plan.added).toEqual(['exercises/05-x/notes.txt']);
    expect(describePlan(plan)).toMatch(/^This puts exercises\/05-x\/ back as committed in HEAD \([0-9a-f]+ the course\), replacing your changes to server\.(py|ts), server\.(py|ts)\.\nFiles you added stay as they are: notes\.txt\.$/);
    applyReset(root, plan);
    expect(readFileSync(join(root, 'exercises/05-x/server.ts'), 'utf8')).toBe(STUB);
    expect(readFileSync(join(root, 'exercises/05-x/server.py'), 'utf8')).toBe('# TODO\n');
    expect(readFileSync(join(root, 'exercises/05-x/notes.txt'), 'utf8')).toBe('mine');
    expect(planReset(root, lesson).changed).toEqual([]);
  });

  it('says when HEAD already holds the work, and names the commit that added the stub', () => {
    const { root, git } = repository();
    const first = git('rev-parse', 'HEAD').trim();
    expect(describeNothingToDo(planReset(root, lesson), 'lesson5')).not.toMatch(/--from/);
    appendFileSync(join(root, 'exercises/05-x/server.ts'), 'my work\n');
    git('commit', '-qam', 'my work');
    const plan = planReset(root, lesson);
    expect(plan.changed).toEqual([]);
    expect(describeNothingToDo(plan, 'lesson5')).toContain(`npm run reset -- lesson5 --from ${first.slice(0, 12)}`);
    const back = planReset(root, lesson, first.slice(0, 12));
    expect(back.changed).toEqual(['exercises/05-x/server.ts']);
    applyReset(root, back);
    expect(readFileSync(join(root, 'exercises/05-x/server.ts'), 'utf8')).toBe(STUB);
  });

  it('refuses outside a git checkout, for an unknown commit, and for a folder git never had', () => {
    const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
    expect(() => planReset(outside, lesson)).toThrow(ResetRefused);
    expect(() => planReset(outside, lesson)).toThrow(/is not a git checkout, so there is no committed stub to restore/);
    const { root } = repository();
    expect(() => planReset(root, lesson, 'nope')).toThrow(/git knows no commit "nope"/);
    expect(() => planReset(root, { exercise: 'exercises/09-y/server.ts' })).toThrow(/has no exercises\/09-y\/ to restore/);
  });
});
