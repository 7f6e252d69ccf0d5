// The texts machine-readable reports carry for one check, built the same way for every format.
import type { CheckResult, RunResult } from '../types.ts';

/** The message, then the program's last lines: what a student needs to fix a failure, as plain text. */
export function describeCheck(check: Pick<CheckResult, 'status' | 'message' | 'output'>): string {
  const parts = [check.message.trim()];
  if (check.status !== 'pass' && check.output.length > 0) parts.push(`your program printed (last lines):\n${check.output.map((l) => `│ ${l}`).join('\n')}`);
  return parts.filter(Boolean).join('\n\n');
}

export function countStatuses(checks: readonly Pick<CheckResult, 'status'>[]): Record<CheckResult['status'], number> {
  const count = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const c of checks) count[c.status]++;
  return count;
}

/** "4 passed, 1 failed, 1 skipped · 4/6 points", the one-line summary every format shares. */
export function summarizeCounts(run: Pick<RunResult, 'lessons' | 'score' | 'maxScore'>): string {
  const count = countStatuses(run.lessons.flatMap((l) => l.checks));
  const parts = [`${count.pass} passed`, `${count.fail} failed`];
  if (count.skip) parts.push(`${count.skip} skipped`);
  if (count.error) parts.push(`${count.error} errors`);
  return `${parts.join(', ')} · ${formatPoints(run.score)}/${formatPoints(run.maxScore)} points`;
}

/** Points as people write them: 3, 2.5 (never 2.5000000001). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** Names made unique by a suffix: the same lesson graded twice still gives distinct test names. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
