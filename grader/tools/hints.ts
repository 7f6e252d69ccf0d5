// Hints a check may carry for a student whose program fails it (Check.hints, from a nudge to the
// fix); watch mode shows them one at a time, for the first check that fails.
import type { Check, CheckResult } from '../types.ts';

/** The check's hints that say something (a lesson file is data: blanks and non-strings are dropped). */
export function hintsOf(check: Pick<Check, 'hints'>): string[] {
  const hints: unknown = check.hints;
  return Array.isArray(hints) ? hints.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [];
}

export type HintTurn =
  | { kind: 'hint'; checkId: string; text: string; number: number; total: number }
  | { kind: 'no-more'; checkId: string; total: number }
  | { kind: 'none-written'; checkId: string }
  | { kind: 'nothing-fails' };

/** The first check that failed (an error is the grader's, so it gets no hint). */
export function firstFailing(results: readonly Pick<CheckResult, 'id' | 'status'>[]): string | undefined {
  return results.find((r) => r.status === 'fail')?.id;
}

/** Which hint comes next for each check: the count survives re-grades, so a student moves on through them. */
export class HintCursor {
  private readonly shown = new Map<string, number>();

  next(checks: readonly Check[], results: readonly Pick<CheckResult, 'id' | 'status'>[]): HintTurn {
    const id = firstFailing(results);
    if (id === undefined) return { kind: 'nothing-fails' };
    const check = checks.find((c) => c.id === id);
    const hints = check ? hintsOf(check) : [];
    if (hints.length === 0) return { kind: 'none-written', checkId: id };
    const already = this.shown.get(id) ?? 0;
    if (already >= hints.length) return { kind: 'no-more', checkId: id, total: hints.length };
    this.shown.set(id, already + 1);
    return { kind: 'hint', checkId: id, text: hints[already]!, number: already + 1, total: hints.length };
  }
}
