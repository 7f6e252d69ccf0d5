// Puts a lesson's exercise folder back as git has it committed (HEAD, or another commit), for a
// student who wants to start the lesson over. Only files git tracks are restored; files the student
// added are left alone. Outside a git checkout there is nothing to restore from, and it says so.
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { Lesson } from '../types.ts';

export class ResetRefused extends Error {}

export interface ResetPlan {
  /** The exercise folder, relative to the project root (exercises/05-server-loops). */
  folder: string;
  rev: string;
  /** "HEAD (1a2b3c4 Lesson 5 done)": the commit, as a person reads it. */
  revLabel: string;
  /** Files that differ from the commit (changed or deleted): what the reset replaces. */
  changed: string[];
  /** Files the student added, which the reset keeps. */
  added: string[];
  /** The commit that first added the stub, when it is not `rev`: where to go back to when HEAD holds the student's work. */
  firstCommit?: string;
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const lines = (text: string) => text.split('\n').filter(Boolean);

export function planReset(root: string, lesson: Pick<Lesson, 'exercise'>, rev = 'HEAD'): ResetPlan {
  const folder = dirname(lesson.exercise);
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ResetRefused(missing ? 'git is not installed, so there is no committed stub to restore: install git, or copy the folder from a fresh copy of the course' : `${root} is not a git checkout, so there is no committed stub to restore: copy ${folder}/ from a fresh copy of the course`);
  }
  let revLabel: string;
  try {
    revLabel = `${rev} (${git(root, ['log', '-1', '--format=%h %s', rev, '--']).trim()})`;
  } catch {
    throw new ResetRefused(`git knows no commit "${rev}"`);
  }
  if (lines(git(root, ['ls-tree', '-r', '--name-only', rev, '--', folder])).length === 0) throw new ResetRefused(`${revLabel} has no ${folder}/ to restore`);
  // Changed or deleted files come back; added ones (staged or not) are not in the commit, so they stay.
  const changed = lines(git(root, ['diff', '--name-only', '--relative', '--diff-filter=a', rev, '--', folder]));
  const staged = lines(git(root, ['diff', '--name-only', '--relative', '--diff-filter=A', rev, '--', folder]));
  const added = [...staged, ...lines(git(root, ['ls-files', '--others', '--exclude-standard', '--', folder]))];
  const first = lines(git(root, ['log', '--diff-filter=A', '--format=%H', '--', lesson.exercise])).at(-1);
  const current = git(root, ['rev-parse', `${rev}^{commit}`]).trim();
  return { folder, rev, revLabel, changed, added, firstCommit: first && first !== current ? first.slice(0, 12) : undefined };
}

/** Index and working tree of the folder as in the commit (git checkout REV -- folder). */
export function applyReset(root: string, plan: ResetPlan): void {
  git(root, ['checkout', plan.rev, '--', plan.folder]);
}

/** What the reset will do, in words, before the y/N question. */
export function describePlan(plan: ResetPlan): string {
  const names = (files: string[]) => files.map((f) => f.slice(plan.folder.length + 1) || f).join(', ');
  const parts = [`This puts ${plan.folder}/ back as committed in ${plan.revLabel}, replacing your changes to ${names(plan.changed)}.`];
  if (plan.added.length) parts.push(`Files you added stay as they are: ${names(plan.added)}.`);
  return parts.join('\n');
}

/** When the folder already matches the commit: the student's work is committed, so say how to go further back. */
export function describeNothingToDo(plan: ResetPlan, lessonArg: string): string {
  const back = plan.firstCommit ? `\nIf you committed your work and want the original stub back: npm run reset -- ${lessonArg} --from ${plan.firstCommit} (the commit that added it).` : '';
  return `${plan.folder}/ already matches ${plan.revLabel}: nothing to reset.${back}`;
}
