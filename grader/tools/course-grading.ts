// The course self-check's gradings: one lesson graded against one program, and what differs from
// what that program must get (the solution passes all, the stub fails, a fixture fails its own).
import { execFileSync } from 'node:child_process';
import { quoteForShell } from '../cli/npm-swallowed.ts';
import { projectRoot } from '../paths.ts';
import type { ProgramSpec } from '../process/program-spec.ts';
import { runLessons } from '../runner/run-lessons.ts';
import type { CheckResult, CheckStatus, Lesson } from '../types.ts';
import { join } from 'node:path';

/** A fixed seed: the self-check must give the same verdicts every time it runs. */
export const COURSE_CHECK_SEED = 20261124;

export interface ItemOutcome {
  /** What is wrong; none means the item holds. */
  problems: string[];
  /** What is worth knowing but wrong with nothing (a check this machine cannot judge). */
  notes: string[];
}

let pythonFound: boolean | undefined;

export function hasPython(): boolean {
  if (pythonFound === undefined) {
    try {
      execFileSync('python3', ['--version'], { stdio: 'ignore' });
      pythonFound = true;
    } catch {
      pythonFound = false;
    }
  }
  return pythonFound;
}

/** A Python file graded through --cmd, as a student on the Python track grades it. */
export function pythonCommand(relativePath: string): ProgramSpec {
  return { kind: 'cmd', command: `python3 ${quoteForShell(join(projectRoot, relativePath))}` };
}

export async function gradeLesson(lesson: Lesson, program: ProgramSpec, jobs = 6): Promise<CheckResult[]> {
  const run = await runLessons({ lessons: [lesson], programFor: () => program, seed: COURSE_CHECK_SEED, jobs });
  return run.lessons[0]!.checks;
}

/** A skip the machine decided (no IPv6, no /proc): it counts for nothing, so it is no one's fault. */
export function isEnvironmentSkip(r: Pick<CheckResult, 'status' | 'maxScore'>): boolean {
  return r.status === 'skip' && r.maxScore === 0;
}

/** Each check's status against the one expected of it; the message and output explain a difference. */
export function compareStatuses(results: readonly CheckResult[], expected: (id: string) => CheckStatus): ItemOutcome {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const r of results) {
    const want = expected(r.id);
    if (r.status === want) continue;
    if (isEnvironmentSkip(r)) {
      notes.push(`${r.id}: skip on this machine (${firstLine(r.message)}), so its ${want} was not verified`);
      continue;
    }
    problems.push(`${r.id}: ${r.status}, expected ${want}${explain(r)}`);
  }
  return { problems, notes };
}

/** The untouched stub: at least one check fails, and none ends as a grader error. */
export function judgeStub(results: readonly CheckResult[]): ItemOutcome {
  const problems = results.filter((r) => r.status === 'error').map((r) => `${r.id}: error (the grader's fault, not the stub's)${explain(r)}`);
  if (!results.some((r) => r.status === 'fail')) problems.push(`no check fails: ${results.map((r) => `${r.id} ${r.status}`).join(', ')}; a stub a student has not touched must fail`);
  return { problems, notes: [] };
}

function explain(r: CheckResult): string {
  const lines = [...r.message.trim().split('\n'), ...r.output.slice(-5).map((l) => `│ ${l}`)].filter(Boolean);
  return lines.length ? `\n${lines.map((l) => `    ${l}`).join('\n')}` : '';
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.slice(0, 160);
}
