// JUnit XML, the format GitLab, Jenkins, Azure and the GitHub test-report actions read: one
// testsuite per lesson, one testcase per check (classname = the lesson, name = the check), a
// failure's whole text in the element's body and the program's last lines in system-out.
import type { CourseStamp } from '../integrity/course-lock.ts';
import type { CheckResult, LessonResult, RunResult } from '../types.ts';
import { countStatuses, describeCheck, formatPoints, uniqueNames } from './check-text.ts';
import { lessonFolders } from './lesson-info.ts';
import type { Reporter, RunStartInfo } from './reporter.ts';
import type { Sink } from './sink.ts';
import { attributes, escapeText } from './xml-text.ts';

export interface JunitContext {
  /** Lesson id → its folder, for each testcase's `file`. */
  folders?: ReadonlyMap<string, string>;
  course?: CourseStamp;
}

export class JunitReporter implements Reporter {
  private folders: ReadonlyMap<string, string> = new Map();

  constructor(private readonly write: Sink, private readonly course?: CourseStamp) {}

  onRunStart(info: RunStartInfo): void {
    this.folders = lessonFolders(info.lessons);
  }

  onRunEnd(run: Readonly<RunResult>): void {
    this.write(renderJunit(run, { folders: this.folders, course: this.course }));
  }
}

export function renderJunit(run: Readonly<RunResult>, context: JunitContext = {}): string {
  const all = run.lessons.flatMap((l) => l.checks);
  const suiteNames = uniqueNames(run.lessons.map((l) => l.id));
  const suites = run.lessons.map((lesson, i) => renderSuite(lesson, suiteNames[i]!, run, context));
  const head = `<testsuites${attributes({ name: 'handshake', ...totals(all), time: seconds(run.durationMs) })}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

function renderSuite(lesson: Readonly<LessonResult>, name: string, run: Readonly<RunResult>, context: JunitContext): string {
  const time = lesson.checks.reduce((t, c) => t + c.durationMs, 0);
  const properties = {
    seed: run.seed,
    program: lesson.program,
    score: formatPoints(lesson.score),
    maxScore: formatPoints(lesson.maxScore),
    endReason: run.endReason,
    ...(context.course ? { 'course.digest': context.course.digest, 'course.published': String(context.course.published) } : {}),
  };
  const lines = [
    `  <testsuite${attributes({ name, ...totals(lesson.checks), time: seconds(time) })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([k, v]) => `      <property${attributes({ name: k, value: v })}/>`),
    '    </properties>',
  ];
  const names = uniqueNames(lesson.checks.map((c) => c.id));
  lesson.checks.forEach((check, i) => lines.push(...renderCase(check, name, names[i]!, context.folders?.get(lesson.id), run.seed)));
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function renderCase(check: Readonly<CheckResult>, classname: string, name: string, file: string | undefined, seed: number): string[] {
  const open = `    <testcase${attributes({ classname, name, time: seconds(check.durationMs), file })}`;
  const inner: string[] = [];
  if (check.status === 'fail' || check.status === 'error') {
    const tag = check.status === 'fail' ? 'failure' : 'error';
    const replay = check.status === 'fail' && !check.startupFailure ? `\n\nrandom input came from seed ${seed}: add --seed ${seed} to replay it` : '';
    const body = `${check.title}\n\n${describeCheck(check)}${replay}`;
    inner.push(`      <${tag}${attributes({ message: check.message, type: check.status })}>${escapeText(body)}</${tag}>`);
  }
  if (check.status === 'skip') inner.push(`      <skipped${attributes({ message: check.message })}/>`);
  if (check.output.length > 0) inner.push(`      <system-out>${escapeText(check.output.join('\n'))}</system-out>`);
  return inner.length === 0 ? [`${open}/>`] : [`${open}>`, ...inner, '    </testcase>'];
}

function totals(checks: readonly Pick<CheckResult, 'status'>[]) {
  const count = countStatuses(checks);
  return { tests: checks.length, failures: count.fail, errors: count.error, skipped: count.skip };
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
