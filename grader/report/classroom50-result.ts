// Classroom 50's result.json (schema classroom50/result/v1): whole-number scores, one test per
// check. Its runner also requires the submission's identity (classroom, assignment, submission
// tag, links), which it hands an autograder in the environment; they are copied when present.
import { checkPassed } from '../runner/summarize-run.ts';
import type { RunResult } from '../types.ts';
import { uniqueNames } from './check-text.ts';

export const CLASSROOM50_SCHEMA = 'classroom50/result/v1';

export interface Classroom50Test {
  'test-name': string;
  passed: boolean;
  score: number;
  'max-score': number;
}

export interface Classroom50Result {
  schema: typeof CLASSROOM50_SCHEMA;
  score: number;
  'max-score': number;
  tests: Classroom50Test[];
  [identity: string]: unknown;
}

/** Result field ← environment variable the Classroom 50 runner sets for an autograder. */
const IDENTITY: [string, string][] = [
  ['classroom', 'CLASSROOM'],
  ['assignment', 'ASSIGNMENT'],
  ['submission', 'SUBMISSION_TAG'],
  ['commit', 'COMMIT_URL'],
  ['release', 'RELEASE_URL'],
  ['review', 'REVIEW_URL'],
];

export function buildClassroom50Result(run: Readonly<RunResult>, env: NodeJS.ProcessEnv = {}): Classroom50Result {
  const rows = run.lessons.flatMap((l) => l.checks.map((c) => ({ lesson: l, check: c })));
  const names = uniqueNames(rows.map(({ lesson, check }) => `${lesson.id} ${check.id}`));
  // Classroom 50 counts whole points only: fractional points are rounded, per check.
  const tests = rows.map(({ check }, i): Classroom50Test => {
    const max = Math.round(check.maxScore);
    return { 'test-name': names[i]!, passed: checkPassed(check), score: Math.min(max, Math.round(check.score)), 'max-score': max };
  });
  const identity = Object.fromEntries(IDENTITY.filter(([, v]) => env[v]).map(([k, v]) => [k, env[v]]));
  return {
    schema: CLASSROOM50_SCHEMA,
    ...identity,
    score: tests.reduce((s, t) => s + t.score, 0),
    'max-score': tests.reduce((s, t) => s + t['max-score'], 0),
    tests,
  };
}

/** Every way `doc` breaks the schema's rules (empty when it keeps them all). */
export function validateClassroom50Result(doc: unknown): string[] {
  const problems: string[] = [];
  const wholeNumber = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (typeof doc !== 'object' || doc === null) return ['the result is not a JSON object'];
  const d = doc as Record<string, unknown>;
  if (d.schema !== CLASSROOM50_SCHEMA) problems.push(`schema is ${JSON.stringify(d.schema)}, not "${CLASSROOM50_SCHEMA}"`);
  if (!wholeNumber(d.score)) problems.push('score is not a non-negative whole number');
  if (!wholeNumber(d['max-score'])) problems.push('max-score is not a non-negative whole number');
  if (wholeNumber(d.score) && wholeNumber(d['max-score']) && (d.score as number) > (d['max-score'] as number)) problems.push(`score ${d.score} is above max-score ${d['max-score']}`);
  if (!Array.isArray(d.tests)) return [...problems, 'tests is not a list'];
  const seen = new Set<string>();
  d.tests.forEach((t: Record<string, unknown>, i) => {
    const name = t?.['test-name'];
    if (typeof name !== 'string' || name === '') problems.push(`tests[${i}] has no test-name`);
    else if (seen.has(name)) problems.push(`tests[${i}]: test-name "${name}" is used twice`);
    else seen.add(name);
    if (typeof t?.passed !== 'boolean') problems.push(`tests[${i}].passed is not true or false`);
    if (!wholeNumber(t?.score)) problems.push(`tests[${i}].score is not a non-negative whole number`);
    if (!wholeNumber(t?.['max-score'])) problems.push(`tests[${i}].max-score is not a non-negative whole number`);
    if (wholeNumber(t?.score) && wholeNumber(t?.['max-score']) && (t.score as number) > (t['max-score'] as number)) problems.push(`tests[${i}].score is above its max-score`);
  });
  return problems;
}
