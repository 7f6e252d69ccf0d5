import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildClassroom50Result, validateClassroom50Result } from '../../grader/report/classroom50-result.ts';
import { Classroom50Reporter } from '../../grader/report/classroom50-reporter.ts';
import { escapeData, escapeProperty } from '../../grader/report/github-commands.ts';
import { GithubReporter, renderAnnotations } from '../../grader/report/github-reporter.ts';
import { renderGradescope } from '../../grader/report/gradescope-reporter.ts';
import { renderJson } from '../../grader/report/json-reporter.ts';
import { renderJunit } from '../../grader/report/junit-reporter.ts';
import { renderStepSummary } from '../../grader/report/step-summary.ts';
import { escapeAttribute, stripForbidden } from '../../grader/report/xml-text.ts';
import { check, lessonResult, mixedRun, runOf } from './report-fixtures.ts';

const course = { digest: `sha256:${'ab'.repeat(32)}`, published: true };

function parseXmlStrictly(xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'junit-')), 'results.xml');
  writeFileSync(file, xml);
  // python3's expat parser refuses any XML 1.0 violation; it prints what the test compares.
  const script = `import sys, xml.etree.ElementTree as E
root = E.parse(sys.argv[1]).getroot()
for case in root.iter('testcase'):
    kinds = [c.tag for c in case]
    f = case.find('failure')
    print(case.get('classname'), case.get('name'), ','.join(kinds), (f.get('message') or '').split(chr(10))[0] if f is not None else '-')`;
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
}

describe('junit', () => {
  it('writes one testcase per check that a strict XML parser reads, with the failure text in the body', () => {
    const xml = renderJunit(mixedRun(), { folders: new Map([['lesson5', 'lessons/05-server-loops']]), course });
    expect(parseXmlStrictly(xml).trim().split('\n')).toEqual([
      'lesson5 many-messages  -',
      'lesson5 client-disconnect failure,system-out did: sent "hello" & closed',
      'lesson5 ipv6 skipped,system-out -',
      'lesson5 no-busy-loop error,system-out -',
    ]);
    expect(xml).toMatch(/<testsuites name="handshake" tests="4" failures="1" errors="1" skipped="1" time="1.500">/);
    expect(xml).toMatch(/<testsuite name="lesson5" tests="4" failures="1" errors="1" skipped="1"/);
    expect(xml).toMatch(/<testcase classname="lesson5" name="client-disconnect" time="0.120" file="lessons\/05-server-loops">/);
    expect(xml).toMatch(/<failure message="did: sent &quot;hello&quot; &amp; closed&#10;expected: the line &lt;back&gt;/);
    expect(xml).toMatch(/likely cause: no echo\n\nyour program printed \(last lines\):\n│ listening on 127.0.0.1:4000/);
    expect(xml).toMatch(/--seed 42 to replay it<\/failure>/);
    expect(xml).toMatch(/<skipped message="no IPv6 on this host"\/>/);
    expect(xml).toMatch(/<property name="course.digest" value="sha256:abab/);
    expect(xml).not.toMatch(/[\x00\x07]|\uD800/);
  });

  it('keeps classname and name unique when a lesson is graded twice', () => {
    const twice = runOf([lessonResult(5, [check('a', 'pass')]), lessonResult(5, [check('a', 'fail')])]);
    expect(parseXmlStrictly(renderJunit(twice))).toMatch(/^lesson5 a .*\nlesson5 \(2\) a failure/);
  });

  it('strips what XML 1.0 forbids and keeps line breaks in attributes', () => {
    expect(stripForbidden('a\x00b\x1bc\uFFFEd\uD83D\uDE00e\uDC00')).toBe('abcd\uD83D\uDE00e');
    expect(escapeAttribute('x\ny\t"<&>')).toBe('x&#10;y&#9;&quot;&lt;&amp;&gt;');
  });
});

describe('github', () => {
  it('escapes workflow commands as the runner decodes them', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('lesson5: a, b')).toBe('lesson5%3A a%2C b');
    const lines = renderAnnotations(mixedRun()).trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^::error title=lesson5 client-disconnect::title of client-disconnect%0Adid: sent "hello" & closed%0Aexpected/),
      expect.stringMatching(/^::error title=lesson5 no-busy-loop \(grader error\)::title of no-busy-loop%0Ainternal error/),
    ]);
  });

  it('prints at most 10 errors, then a notice with how many more, and every check in the summary', () => {
    const many = runOf([lessonResult(5, Array.from({ length: 14 }, (_, i) => check(`check-${i}`, 'fail')).concat(check('fine', 'pass')))]);
    let annotations = '';
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
    writeFileSync(summaryFile, '# earlier step output\n');
    new GithubReporter({ annotate: (t) => (annotations += t), summaryPath: summaryFile, summary: (t) => writeFileSync(summaryFile, t, { flag: 'a' }), course }).onRunEnd(many);
    const lines = annotations.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(lines[10]).toBe('::notice title=handshake::and 4 more failed checks in the step summary');
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith('# earlier step output\n## Handshake: 1/15 points')).toBe(true);
    for (let i = 0; i < 14; i++) expect(summary).toContain(`| lesson5 | check-${i} | ❌ fail | 0/1 |`);
    expect(summary).toContain('| lesson5 | fine | ✅ pass | 1/1 |');
    expect(summary.match(/<details open>/g)).toHaveLength(14);
  });

  it('keeps the summary within its budget: failures go first, with a note, and the table stays', () => {
    const big = check('huge', 'fail', { output: ['x'.repeat(900_000)] });
    const run = runOf([lessonResult(5, [big, check('huge-too', 'fail', { output: ['y'.repeat(900_000)] }), check('fine', 'pass')])]);
    const text = renderStepSummary(run, course, 1024 * 1024);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
    expect(text).toContain('| lesson5 | huge-too | ❌ fail |');
    expect(text).toMatch(/…and 1 more failures not shown: a step summary holds at most 1 MiB/);
    const tiny = renderStepSummary(run, course, 400);
    expect(Buffer.byteLength(tiny)).toBeLessThanOrEqual(400);
  });

  it('fences output that itself contains a fence', () => {
    const text = renderStepSummary(runOf([lessonResult(5, [check('a', 'fail', { output: ['```', 'not markdown'] })])]), undefined);
    expect(text).toMatch(/````text\n[\s\S]*│ ```\n[\s\S]*\n````\n/);
  });
});

describe('gradescope', () => {
  it('writes score, execution time, a summary and one visible test per check', () => {
    const doc = renderGradescope(mixedRun(), course);
    expect(doc).toMatchObject({ score: 1, execution_time: 2, output_format: 'text', extra_data: { maxScore: 5, seed: 42, endReason: 'failed', course } });
    expect(doc.output).toMatch(/lesson5 \(exercises\/05-server-loops\/server.ts\): 1 passed, 1 failed, 1 skipped, 1 errors · 1\/5 points/);
    expect(doc.tests.map((t) => [t.name, t.status, t.score, t.max_score])).toEqual([
      ['lesson5 many-messages: title of many-messages', 'passed', 1, 1],
      ['lesson5 client-disconnect: title of client-disconnect', 'failed', 0, 1],
      ['lesson5 ipv6: title of ipv6', 'passed', 0, 1],
      ['lesson5 no-busy-loop: title of no-busy-loop', 'failed', 0, 2],
    ]);
    expect(doc.tests[1]).toMatchObject({ output_format: 'text', visibility: 'visible' });
    expect(doc.tests[1]!.output).toMatch(/^did: sent "hello" & closed\n[\s\S]*likely cause: no echo\n\nyour program printed \(last lines\):\n│ listening/);
  });
});

describe('classroom50', () => {
  it('writes whole-number scores with unique test names and the runner\'s identity fields', () => {
    const doc = buildClassroom50Result(mixedRun(), { CLASSROOM: 'net101', ASSIGNMENT: 'lesson5', SUBMISSION_TAG: 'submit/x', COMMIT_URL: 'c', RELEASE_URL: 'r', REVIEW_URL: 'v' });
    expect(doc).toEqual({
      schema: 'classroom50/result/v1', classroom: 'net101', assignment: 'lesson5', submission: 'submit/x', commit: 'c', release: 'r', review: 'v',
      score: 1, 'max-score': 5,
      tests: [
        { 'test-name': 'lesson5 many-messages', passed: true, score: 1, 'max-score': 1 },
        { 'test-name': 'lesson5 client-disconnect', passed: false, score: 0, 'max-score': 1 },
        { 'test-name': 'lesson5 ipv6', passed: true, score: 0, 'max-score': 1 },
        { 'test-name': 'lesson5 no-busy-loop', passed: false, score: 0, 'max-score': 2 },
      ],
    });
    expect(validateClassroom50Result(doc)).toEqual([]);
    expect(Object.keys(buildClassroom50Result(mixedRun(), {}))).toEqual(['schema', 'score', 'max-score', 'tests']);
  });

  it('rounds fractional points to whole ones, never above the maximum', () => {
    const doc = buildClassroom50Result(runOf([lessonResult(5, [check('a', 'pass', { score: 2.5, maxScore: 2.5 }), check('a', 'pass', { score: 0.4, maxScore: 0.4 })])]));
    expect(doc.tests).toEqual([{ 'test-name': 'lesson5 a', passed: true, score: 3, 'max-score': 3 }, { 'test-name': 'lesson5 a (2)', passed: true, score: 0, 'max-score': 0 }]);
    expect(validateClassroom50Result(doc)).toEqual([]);
  });

  it.each([
    [{ schema: 'x', score: 0, 'max-score': 0, tests: [] }, /schema is "x"/],
    [{ schema: 'classroom50/result/v1', score: 1.5, 'max-score': 2, tests: [] }, /score is not a non-negative whole number/],
    [{ schema: 'classroom50/result/v1', score: 3, 'max-score': 2, tests: [] }, /score 3 is above max-score 2/],
    [{ schema: 'classroom50/result/v1', score: -1, 'max-score': 2, tests: [] }, /score is not/],
    [{ schema: 'classroom50/result/v1', score: 0, 'max-score': 0, tests: [{ 'test-name': 'a', passed: true, score: 0, 'max-score': 0 }, { 'test-name': 'a', passed: true, score: 0, 'max-score': 0 }] }, /used twice/],
    [{ schema: 'classroom50/result/v1', score: 0, 'max-score': 0, tests: [{ 'test-name': 'a', passed: 'yes', score: 2, 'max-score': 1 }] }, /passed is not true or false.*score is above its max-score/],
  ])('refuses %j', (doc, problem) => {
    expect(validateClassroom50Result(doc).join('; ')).toMatch(problem);
  });

  it('refuses to write an invalid document', () => {
    const bad = runOf([lessonResult(5, [check('a', 'pass', { score: -1 })])]);
    let written = '';
    expect(() => new Classroom50Reporter((t) => (written = t), {}).onRunEnd(bad)).toThrow(/classroom50 result would be invalid: .*tests\[0\].score/);
    expect(written).toBe('');
  });
});

describe('json', () => {
  it('keeps the contract\'s shape and adds points, the end reason and the course', () => {
    const doc = renderJson(mixedRun(), course);
    expect(doc).toMatchObject({ seed: 42, endReason: 'failed', score: 1, maxScore: 5, course, lessons: [{ id: 'lesson5', score: 1, maxScore: 5 }] });
    expect(doc.lessons[0]!.checks[1]).toMatchObject({ id: 'client-disconnect', status: 'fail', message: expect.stringMatching(/^did:/), details: expect.any(Object), output: expect.any(Array), score: 0, maxScore: 1 });
  });
});
