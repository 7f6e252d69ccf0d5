// The job summary GitHub shows for a step ($GITHUB_STEP_SUMMARY): a table of every check with
// its status and points, then every failure expanded. GitHub takes at most 1 MiB per step, so
// failures that do not fit are left out with a note, and the table is cut only as a last resort.
import type { CourseStamp } from '../integrity/course-lock.ts';
import type { CheckResult, RunResult } from '../types.ts';
import { describeCheck, formatPoints, summarizeCounts } from './check-text.ts';

export const STEP_SUMMARY_LIMIT = 1024 * 1024;

const ICON = { pass: '✅ pass', fail: '❌ fail', skip: '⏭️ skip', error: '⚠️ error' } as const;

/** The summary in at most `budget` bytes (the limit less what the step already wrote). */
export function renderStepSummary(run: Readonly<RunResult>, course: CourseStamp | undefined, budget = STEP_SUMMARY_LIMIT): string {
  const rows = run.lessons.flatMap((l) => l.checks.map((c) => ({ lesson: l.id, check: c })));
  const interrupted = run.endReason === 'interrupted' ? ' (interrupted: checks that did not finish say "not run")' : '';
  const head = [`## Handshake: ${formatPoints(run.score)}/${formatPoints(run.maxScore)} points${interrupted}`, '', summarizeCounts(run), '', '| lesson | check | status | points |', '|---|---|---|---|'];
  const table = rows.map(({ lesson, check }) => `| ${cell(lesson)} | ${cell(check.id)} | ${ICON[check.status]} | ${formatPoints(check.score)}/${formatPoints(check.maxScore)} |`);
  const footer = ['', `<sub>seed ${run.seed}${course ? ` · course ${course.digest.slice(0, 19)}… ${course.published ? 'published' : 'NOT the published course'}` : ''}</sub>`, ''];
  const problems = rows.filter(({ check }) => check.status === 'fail' || check.status === 'error');
  const details = problems.map(({ lesson, check }) => renderFailure(lesson, check));
  return fit([...head], table, details.length ? ['', '### Failures', ''] : [], details, footer, budget);
}

function renderFailure(lesson: string, check: Readonly<CheckResult>): string {
  const text = describeCheck(check);
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return [`<details open><summary><b>${html(`${lesson} ${check.id}`)}</b>: ${html(check.title)}</summary>`, '', `${fence}text`, text, fence, '', '</details>', ''].join('\n');
}

/** Joins the parts, dropping failures (then table rows) from the end until the text fits the budget. */
function fit(head: string[], table: string[], failuresHead: string[], failures: string[], footer: string[], budget: number): string {
  const size = (lines: string[]) => Buffer.byteLength(`${lines.join('\n')}\n`);
  const note = (n: number, what: string) => [`_…and ${n} more ${what} not shown: a step summary holds at most 1 MiB; the JUnit file and the job log have them all._`, ''];
  let rows = table.length;
  let shown = failures.length;
  const build = () => {
    const lines = [...head, ...table.slice(0, rows)];
    if (rows < table.length) lines.push('', ...note(table.length - rows, 'checks'));
    if (shown > 0 || failures.length > 0) lines.push(...failuresHead, ...failures.slice(0, shown));
    if (shown < failures.length) lines.push(...note(failures.length - shown, 'failures'));
    return [...lines, ...footer];
  };
  while (size(build()) > budget && shown > 0) shown--;
  while (size(build()) > budget && rows > 0) rows--;
  const text = `${build().join('\n')}\n`;
  return Buffer.byteLength(text) <= budget ? text : Buffer.from(text).subarray(0, Math.max(0, budget)).toString('utf8').replace(/\uFFFD$/, '');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
