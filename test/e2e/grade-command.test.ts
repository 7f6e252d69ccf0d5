// The real command, as a student and CI run it: `npm run grade`, its exit codes and its JSON,
// programs no one here wrote, two graders at once, and nothing left behind after any run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTcpSockets } from '../../grader/kernel/proc-net-tcp.ts';
import { killGraderOnce } from '../../scripts/verify/kill-grader.ts';

/** Tries per kill mode in the default run: enough to catch a race that is common, fast enough for every run. */
const KILL_TRIES = 2;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function grade(args: string[], env: Record<string, string> = {}): Promise<Run> & { pid: number } {
  // detached: the grader gets its own process group, as in a terminal, so the test can send it Ctrl-C.
  const child = spawn('npm', ['run', '--silent', 'grade', '--', ...args], { detached: true, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { pid: child.pid! });
}

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pids of live processes of the graded program (not npm's or the grader's) whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const state = /\) (\w)/.exec(readFileSync(`/proc/${name}/stat`, 'utf8'))?.[1];
      const graderOrNpm = cmdline.includes('grade');
      if (cmdline.includes(marker) && !graderOrNpm && state !== 'Z') pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The ports the graded program's live processes were given (PORT in their environment). */
function portsOf(marker: string): number[] {
  const ports: number[] = [];
  for (const pid of processesWith(marker)) {
    try {
      const port = /(?:^|\0)PORT=(\d+)/.exec(readFileSync(`/proc/${pid}/environ`, 'utf8'))?.[1];
      if (port) ports.push(Number(port));
    } catch {
      // stopped meanwhile
    }
  }
  return ports;
}

function checksOf(run: Run): Record<string, string> {
  const doc = JSON.parse(run.stdout) as { lessons: { checks: { id: string; status: string }[] }[] };
  return Object.fromEntries(doc.lessons[0]!.checks.map((c) => [c.id, c.status]));
}

const ALL_PASS = { 'many-messages': 'pass', 'sequential-clients': 'pass', 'client-disconnect': 'pass', 'client-reset': 'pass', 'no-busy-loop': 'pass', 'large-message': 'pass' };

describe.concurrent('npm run grade', () => {
  it('passes the solution with exit 0 and prints the contract\'s JSON', async () => {
    const run = await grade(['lesson5', '--solution', '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.lessons[0].id).toBe('lesson5');
    expect(checksOf(run)).toEqual(ALL_PASS);
    for (const c of doc.lessons[0].checks) expect(typeof c.message).toBe('string');
  });

  it('fails the untouched stub with a non-zero exit and says why', async () => {
    const run = await grade(['05']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ many-messages/);
    expect(run.stdout).toMatch(/cause\s+your server does not echo/);
    expect(run.stdout).toMatch(/--seed \d+/);
    // NO_COLOR is set for these runs: no escape codes.
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it.runIf(has('socat'))('passes socat, a real echo server no one here wrote, through --cmd', async () => {
    const run = await grade(['lesson5', '--reporter', 'json', '--cmd', 'socat TCP-LISTEN:{port},bind={host},reuseaddr,fork EXEC:cat']);
    expect(checksOf(run), run.stdout).toEqual(ALL_PASS);
    expect(run.code).toBe(0);
  });

  it('runs two graders at the same moment without either disturbing the other', async () => {
    const [a, b] = await Promise.all([grade(['lesson5', '--solution', '--reporter', 'json']), grade(['server-loops', '--solution', '--reporter', 'json'])]);
    expect(checksOf(a)).toEqual(ALL_PASS);
    expect(checksOf(b)).toEqual(ALL_PASS);
    expect([a.code, b.code]).toEqual([0, 0]);
  });

  it('leaves no process and no listener behind after a failing run', async () => {
    const marker = `handshake-e2e-fail-${process.pid}`;
    const run = await grade(['lesson5', '--reporter', 'json', '--cmd', `python3 lessons/05-server-loops/fixtures/spin-on-empty-read.py ${marker}`]);
    expect(run.code).toBe(1);
    expect(checksOf(run)['no-busy-loop']).toBe('fail');
    expect(processesWith(marker)).toEqual([]);
  });

  it('stops every program it started when interrupted with Ctrl-C', async () => {
    const marker = `handshake-e2e-interrupt-${process.pid}`;
    const run = grade(['lesson5', '--cmd', `python3 lessons/05-server-loops/fixtures/spin-on-empty-read.py ${marker}`]);
    // Wait (bounded) until the grader's programs run, and note their ports; a check may finish
    // and stop its program meanwhile, so a pid can vanish between the listing and the reading.
    const ports = new Set<number>();
    for (let i = 0; i < 200 && ports.size < 3; i++) {
      await new Promise((r) => setTimeout(r, 25));
      for (const port of portsOf(marker)) ports.add(port);
    }
    expect(ports.size).toBeGreaterThan(0);
    process.kill(-run.pid, 'SIGINT');
    const result = await run;
    expect(result.code).not.toBe(0);
    // SIGKILL is sent synchronously, but the kernel and init take a moment to reap: bounded wait.
    for (let i = 0; i < 50 && processesWith(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(processesWith(marker)).toEqual([]);
    const listening = readTcpSockets().filter((s) => s.state === 'LISTEN' && ports.has(s.localPort));
    expect(listening).toEqual([]);
  });

  // Strict: the SIGKILL lands the moment the program's first process appears (found by polling
  // /proc every millisecond or so), where a launch is most exposed. scripts/verify/no-debris.sh
  // runs the same tries 20 times each and prints the figures.
  it.runIf(process.platform === 'linux')('leaves nothing behind when its process group is killed with SIGKILL as the program starts', async () => {
    for (let i = 0; i < KILL_TRIES; i++) {
      const run = await killGraderOnce('group', { root: process.cwd() });
      expect(run.sawProgram).toBe(true);
      expect(run.ports.length).toBeGreaterThan(0);
      expect(run.leftProcesses).toEqual([]);
      expect(run.leftListening).toEqual([]);
      expect(run.leftOthers).toBe(0);
    }
  });

  it.runIf(process.platform === 'linux')('leaves nothing behind when the grader process alone is killed with SIGKILL as the program starts', async () => {
    for (let i = 0; i < KILL_TRIES; i++) {
      const run = await killGraderOnce('grader', { root: process.cwd() });
      expect(run.sawProgram).toBe(true);
      expect(run.leftProcesses).toEqual([]);
      expect(run.leftListening).toEqual([]);
      expect(run.leftOthers).toBe(0);
    }
  });

  it('stops every program even when the grader is killed with SIGKILL while they serve', async () => {
    const marker = `handshake-e2e-sigkill-${process.pid}`;
    const run = grade(['lesson5', '--cmd', `python3 lessons/05-server-loops/fixtures/spin-on-empty-read.py ${marker}`]);
    const ports = new Set<number>();
    for (let i = 0; i < 200 && ports.size < 3; i++) {
      await new Promise((r) => setTimeout(r, 25));
      for (const port of portsOf(marker)) ports.add(port);
    }
    expect(ports.size).toBeGreaterThan(0);
    // SIGKILL to the whole group, as a CI timeout does: no handler of the grader's can run.
    process.kill(-run.pid, 'SIGKILL');
    await run;
    // The guardian acts when the grader's end of its pipe closes: wait for that, bounded.
    for (let i = 0; i < 100 && processesWith(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(processesWith(marker)).toEqual([]);
    expect(readTcpSockets().filter((s) => s.state === 'LISTEN' && ports.has(s.localPort))).toEqual([]);
  });

  it('leaves no socket file or folder in the temp folder, after a run and after a SIGKILL of the grader', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'handshake-e2e-tmp-'));
    const socketFiles = () => readdirSync(tmp, { recursive: true }).filter((f) => String(f).endsWith('program.sock'));
    try {
      const run = await grade(['lesson2', '--solution', '--reporter', 'json'], { TMPDIR: tmp });
      expect(run.code, `${run.stdout.slice(0, 3000)}\n${run.stderr.slice(0, 1000)}`).toBe(0);
      expect(readdirSync(tmp)).toEqual([]);
      const killed = grade(['lesson2', '--solution'], { TMPDIR: tmp });
      for (let i = 0; i < 400 && socketFiles().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(socketFiles().length).toBeGreaterThan(0);
      process.kill(-killed.pid, 'SIGKILL');
      await killed;
      // The guardian removes the run's folder once the grader's end of its pipe closes: bounded wait.
      for (let i = 0; i < 100 && readdirSync(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('grades without /proc as on other systems: kernel checks skip, the rest still pass', async () => {
    const run = await grade(['lesson5', '--solution', '--reporter', 'json'], { HANDSHAKE_NO_PROC: '1' });
    expect(checksOf(run)).toEqual({ ...ALL_PASS, 'no-busy-loop': 'skip' });
    expect(run.code).toBe(0);
    const stub = await grade(['lesson5', '--reporter', 'json', '--program', 'lessons/05-server-loops/fixtures/accept-once.py'], { HANDSHAKE_NO_PROC: '1' });
    expect(checksOf(stub)).toMatchObject({ 'many-messages': 'pass', 'sequential-clients': 'fail' });
  });

  it('explains a wrong lesson name and exits 2', async () => {
    const run = await grade(['lesson42']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no lesson "lesson42".*lesson5 \(server-loops\)/);
  });

  it('shows each peer\'s transcript with --verbose', async () => {
    const run = await grade(['lesson5', '--solution', '--only', 'client-reset', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/client 1:[\s\S]*rst-sent[\s\S]*client 2:[\s\S]*received/);
  });
});
