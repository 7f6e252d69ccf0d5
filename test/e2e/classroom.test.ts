// The classroom side of the real command: machine-readable reports a strict parser reads, the
// GitHub annotations' cap, reports that survive Ctrl-C, npm's swallowed flags, and a Gradescope
// autograder zip run in a folder laid out like Gradescope's.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateClassroom50Result } from '../../grader/report/classroom50-result.ts';

const root = join(import.meta.dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a fresh shell: no npm settings or CI variables leak in from the test runner. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && !k.startsWith('GITHUB_') && k !== 'INIT_CWD'));
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs `command args` in `cwd`, in its own process group (so a test can send it Ctrl-C). */
function start(command: string, args: string[], cwd: string, env = cleanEnv()): Promise<Run> & { pid: number } {
  const child = spawn(command, args, { cwd, env, detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { pid: child.pid! });
}

/** `npm run --silent grade -- …` from another folder, as a user in their own directory types it. */
function grade(args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
  return start('npm', ['--prefix', root, 'run', '--silent', 'grade', '--', ...args], cwd, env);
}

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `handshake-${name}-`));
}

/** Each testcase as "name kinds failure-message-first-line", read by python3's strict XML parser. */
function readJunit(file: string): string[] {
  const script = `import sys, xml.etree.ElementTree as E
for case in E.parse(sys.argv[1]).getroot().iter('testcase'):
    f = case.find('failure')
    print(case.get('classname'), case.get('name'), ','.join(c.tag for c in case), (f.get('message') or '').split(chr(10))[0] if f is not None else '-')`;
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim().split('\n');
}

const CHECKS = ['many-messages', 'sequential-clients', 'client-disconnect', 'client-reset', 'no-busy-loop', 'large-message'];

describe('classroom reports from the real command', () => {
  it('writes a JUnit file, relative to where the command ran, that a strict parser reads', async () => {
    const here = tempDir('junit');
    const solution = await grade(['lesson5', '--solution', '--reporter', 'junit=results.xml'], here);
    expect(solution.code, solution.stderr).toBe(0);
    expect(solution.stdout).toBe('');
    expect(readJunit(join(here, 'results.xml'))).toEqual(CHECKS.map((c) => expect.stringMatching(new RegExp(`^lesson5 ${c} (system-out)? -$`))));
    const stub = await grade(['lesson5', '--reporter', 'pretty', '--reporter', 'junit=stub.xml'], here);
    expect(stub.code).toBe(1);
    expect(stub.stdout).toMatch(/✗ many-messages/);
    const cases = readJunit(join(here, 'stub.xml'));
    expect(cases).toHaveLength(6);
    expect(cases[0]).toMatch(/^lesson5 many-messages failure,system-out did: connected one client/);
    const xml = readFileSync(join(here, 'stub.xml'), 'utf8');
    expect(xml).toMatch(/<testcase classname="lesson5" name="many-messages" time="[\d.]+" file="lessons\/05-server-loops">\n {6}<failure message="did: [^"]*" type="fail">echoes 20 messages[\s\S]*likely cause: your server does not echo[\s\S]*your program printed \(last lines\):/);
  });

  it('writes Gradescope\'s results.json and a valid Classroom 50 result.json in one run', async () => {
    const here = tempDir('scores');
    const run = await grade(['lesson5', '--seed', '7', '--reporter', 'gradescope=results.json', '--reporter', 'classroom50=result.json'], here);
    expect(run.code).toBe(1);
    const gs = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'));
    expect(gs).toMatchObject({ score: expect.any(Number), execution_time: expect.any(Number), output: expect.stringMatching(/^lesson5 \(exercises\/05-server-loops\/server.ts\): \d+ passed, \d+ failed/), extra_data: { maxScore: 6, seed: 7, course: { digest: expect.stringMatching(/^sha256:/), published: expect.any(Boolean) } } });
    expect(gs.tests).toHaveLength(6);
    expect(gs.tests[0]).toMatchObject({ name: 'lesson5 many-messages: echoes 20 messages on one connection', score: 0, max_score: 1, status: 'failed', output: expect.stringMatching(/^did: /), output_format: 'text', visibility: 'visible' });
    const c50 = JSON.parse(readFileSync(join(here, 'result.json'), 'utf8'));
    expect(validateClassroom50Result(c50)).toEqual([]);
    expect(c50).toMatchObject({ schema: 'classroom50/result/v1', 'max-score': 6, tests: CHECKS.map((c) => expect.objectContaining({ 'test-name': `lesson5 ${c}` })) });
    expect(c50.tests[0]).toEqual({ 'test-name': 'lesson5 many-messages', passed: false, score: 0, 'max-score': 1 });
    expect(c50.score).toBe(gs.score);
  });

  it('annotates at most 10 failures on GitHub, and puts every check in the step summary', async () => {
    const here = tempDir('github');
    const summary = join(here, 'summary.md');
    // The same lesson twice, for a program that never starts: 12 failures.
    const run = await grade(['lesson5', '5', '--cmd', 'true'], here, cleanEnv({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }));
    expect(run.code).toBe(1);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(commands.at(-1)).toBe('::notice title=handshake::and 2 more failed checks in the step summary');
    expect(run.stdout).toMatch(/✗ many-messages/);
    const text = readFileSync(summary, 'utf8');
    expect(text.match(/^\| lesson5 \| [\w-]+ \| ❌ fail \| 0\/1 \|$/gm)).toHaveLength(12);
    expect(text.match(/<details open>/g)).toHaveLength(12);
  });

  it('leaves a valid JSON report with endReason "interrupted" when stopped with Ctrl-C', async () => {
    const here = tempDir('interrupt');
    // The grader itself (not npm), so that its own exit code is seen.
    const run = start(process.execPath, [join(root, 'bin/grade.mjs'), 'lesson5', '--reporter', 'json=out.json', '--cmd', `python3 ${join(root, 'lessons/05-server-loops/fixtures/spin-on-empty-read.py')}`], here);
    // Bounded wait until the graded programs run, then a moment for some checks to finish.
    for (let i = 0; i < 100 && !programRuns('spin-on-empty-read'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(-run.pid, 'SIGINT');
    const result = await run;
    expect(result.code).toBe(130);
    const doc = JSON.parse(readFileSync(join(here, 'out.json'), 'utf8'));
    expect(doc).toMatchObject({ endReason: 'interrupted', maxScore: 6, course: { digest: expect.stringMatching(/^sha256:/) } });
    expect(doc.lessons[0].checks.map((c: { id: string }) => c.id).sort()).toEqual([...CHECKS].sort());
    expect(doc.lessons[0].checks.some((c: { message: string }) => c.message.startsWith('not run: the grader was stopped by SIGINT'))).toBe(true);
  });
});

/** True when a graded program (not the grader, whose command line names it too) runs with `marker`. */
function programRuns(marker: string): boolean {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes(marker) && !cmdline.includes('grade')) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

describe('npm run grade without --', () => {
  it('grades the solution when npm swallowed --solution', async () => {
    const run = await start('npm', ['run', 'grade', 'lesson5', '--solution'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/npm kept --solution for itself \(no -- before it\); grading as asked: npm run grade -- lesson5 --solution/);
    expect(run.stdout).toMatch(/grading solutions\/05-server-loops\/server.ts/);
    expect(run.stdout).toMatch(/6 passed, 0 failed/);
  });

  it('stops with the command to type when npm separated a value from its flag', async () => {
    const run = await start('npm', ['run', 'grade', 'lesson5', '--seed', '42'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^grade: npm kept --seed for itself .*; type: npm run grade -- lesson5 --seed 42$/m);
  });
});

describe('the Gradescope autograder', () => {
  /** The zip unpacked into <tmp>/autograder/source, with the project's installed dependencies. */
  function unpackAutograder(): string {
    const dist = tempDir('dist');
    execFileSync(process.execPath, [join(root, 'scripts/package-gradescope.mjs'), 'lesson5', '--out', dist], { stdio: 'pipe' });
    const autograder = join(tempDir('gradescope'), 'autograder');
    const source = join(autograder, 'source');
    mkdirSync(source, { recursive: true });
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(dist, 'gradescope-lesson5.zip'), source]);
    // setup.sh's npm ci, without the network: the project's own packages, linked (its cache stays apart).
    mkdirSync(join(source, 'node_modules'));
    for (const entry of readdirSync(join(root, 'node_modules'))) if (entry !== '.cache') symlinkSync(join(root, 'node_modules', entry), join(source, 'node_modules', entry));
    return autograder;
  }

  function runAutograder(autograder: string, submission: Record<string, string>) {
    const dir = join(autograder, 'submission');
    execFileSync('rm', ['-rf', dir, join(autograder, 'results')]);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(submission)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    // Gradescope starts it from /autograder, after copying it there.
    return start('bash', [join(autograder, 'source', 'run_autograder')], autograder, cleanEnv({ HANDSHAKE_AUTOGRADER_ROOT: autograder }));
  }

  it('grades a submission copied over the exercise and always leaves results.json', async () => {
    const autograder = unpackAutograder();
    expect(readFileSync(join(autograder, 'source', 'autograder.env'), 'utf8')).toMatch(/LESSON=lesson5\nEXERCISE=exercises\/05-server-loops\/server.ts\n/);
    expect(existsSync(join(autograder, 'source', 'solutions'))).toBe(false);
    const results = () => JSON.parse(readFileSync(join(autograder, 'results', 'results.json'), 'utf8'));

    const solved = await runAutograder(autograder, { 'server.ts': readFileSync(join(root, 'solutions/05-server-loops/server.ts'), 'utf8') });
    expect(solved.code, solved.stderr).toBe(0);
    expect(results()).toMatchObject({ score: 6, extra_data: { maxScore: 6 }, tests: CHECKS.map(() => expect.objectContaining({ status: 'passed' })) });

    const stub = await runAutograder(autograder, { 'my-repo/exercises/05-server-loops/server.ts': readFileSync(join(root, 'exercises/05-server-loops/server.ts'), 'utf8') });
    expect(stub.code).toBe(0);
    expect(stub.stdout).toMatch(/grading .*my-repo\/exercises\/05-server-loops\/server.ts as lesson5/);
    expect(results().tests[0]).toMatchObject({ name: 'lesson5 many-messages: echoes 20 messages on one connection', status: 'failed', score: 0 });

    const wrong = await runAutograder(autograder, { 'notes.txt': 'no code' });
    expect(wrong.code).toBe(0);
    expect(results()).toEqual({ score: 0, output: 'Your submission has no server.ts or server.py. Submit the file you edited, exercises/05-server-loops/server.ts (or exercises/05-server-loops/server.py for the Python track).', tests: [] });

    // A course whose check was changed after publishing is caught by --verify-course.
    const source = join(autograder, 'source');
    execFileSync(join(root, 'node_modules/.bin/tsx'), [join(source, 'grader/integrity/write-course-lock.ts')], { cwd: source, env: cleanEnv() });
    appendFileSync(join(source, 'lessons/05-server-loops/checks/many-messages.ts'), '\n// easier now\n');
    const verify = await start(process.execPath, ['bin/grade.mjs', '--verify-course'], source);
    expect(verify.code).toBe(4);
    expect(verify.stderr).toMatch(/course changed: sha256:\w+ is not the published sha256:\w+ \(course.lock.json\)\n {2}changed {2}lessons\/05-server-loops\/checks\/many-messages.ts/);
  });
});
