// Runs the course self-check's items a few at a time and reports them in order, as they finish:
// ✓ for an item that holds, ✗ with each problem under it, - for one this machine cannot test.
import { createLimit, type Limit } from '../runner/limit.ts';
import pc from 'picocolors';
import type { CourseItem, ItemOutcome } from './course-check.ts';

export interface Section {
  /** "lesson5 · server-loops", or "course". */
  name: string;
  items: CourseItem[];
}

export interface CheckTally {
  held: number;
  failed: number;
  skipped: number;
}

export interface ReportOptions {
  /** How many gradings run at once (each grading runs its checks side by side as well). */
  jobs: number;
  write: (text: string) => void;
  colors?: boolean;
}

export async function runCourseCheck(sections: readonly Section[], options: ReportOptions): Promise<CheckTally> {
  const c = pc.createColors(options.colors ?? pc.isColorSupported);
  const limit = createLimit(options.jobs);
  const started = performance.now();
  const tally: CheckTally = { held: 0, failed: 0, skipped: 0 };
  // Everything starts at once (gradings through the limit); results are printed in the sections' order.
  const pending = sections.map((s) => s.items.map((item) => timed(item, item.grades ? limit : (task) => task())));
  for (const [i, section] of sections.entries()) {
    options.write(`\n${c.bold(section.name)}\n`);
    for (const [j, item] of section.items.entries()) {
      if (item.unavailable) {
        tally.skipped++;
        options.write(`  ${c.yellow('-')} ${item.title} ${c.dim(`(not tested: ${item.unavailable})`)}\n`);
        continue;
      }
      const { outcome, ms } = await pending[i]![j]!;
      const time = item.grades ? ` ${c.dim(`(${(ms / 1000).toFixed(1)} s)`)}` : '';
      if (outcome.problems.length === 0) tally.held++;
      else tally.failed++;
      options.write(`  ${outcome.problems.length ? c.red('✗') : c.green('✓')} ${item.title}${time}\n`);
      for (const p of outcome.problems) options.write(indent(p, c.red('• ')));
      for (const n of outcome.notes) options.write(indent(n, c.dim('note: ')));
    }
  }
  const parts = [`${tally.held} held`, `${tally.failed} failed`, ...(tally.skipped ? [`${tally.skipped} not tested here`] : [])];
  const line = `course:check: ${parts.join(', ')}`;
  options.write(`\n${tally.failed ? c.red(line) : c.green(line)} ${c.dim(`in ${((performance.now() - started) / 1000).toFixed(1)} s`)}\n`);
  return tally;
}

/** An item's outcome and how long it took; an item that throws is a problem, said as one. */
async function timed(item: CourseItem, limit: Limit): Promise<{ outcome: ItemOutcome; ms: number }> {
  if (item.unavailable) return { outcome: { problems: [], notes: [] }, ms: 0 };
  return limit(async () => {
    const t0 = performance.now();
    try {
      return { outcome: await item.run(), ms: performance.now() - t0 };
    } catch (err) {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      return { outcome: { problems: [`the self-check itself failed here: ${text}`], notes: [] }, ms: performance.now() - t0 };
    }
  });
}

function indent(text: string, bullet: string): string {
  const [first, ...rest] = text.split('\n');
  return `      ${bullet}${first}\n${rest.map((l) => `        ${l}\n`).join('')}`;
}
