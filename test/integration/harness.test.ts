// The harness and the runner with real programs on loopback: the shared copy, the startup gate,
// patience, the memory cap, a setsid escapee, UDP and Unix readiness, and a stalled grader.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTcpSockets } from '../../grader/kernel/proc-net-tcp.ts';
import type { ProgramSpec } from '../../grader/process/program-spec.ts';
import { Harness } from '../../grader/runner/harness.ts';
import { SharedCopy, StartupGate } from '../../grader/runner/program-source.ts';
import { runCheck } from '../../grader/runner/run-check.ts';
import { runLessons, SHARED_PATIENCE_MS } from '../../grader/runner/run-lessons.ts';
import { exchange, fail, pass, sleep, waitUntilAsleep, type Program } from '../../grader/sdk.ts';
import type { Check, Lesson } from '../../grader/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'handshake-harness-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a Python program into the test's folder and returns it as a program to grade. */
function python(name: string, source: string): ProgramSpec {
  const path = join(dir, `${name}.py`);
  writeFileSync(path, source);
  return { kind: 'file', path };
}

const PRELUDE = 'import os, socket, sys, time\nHOST = os.environ["HOST"]\nPORT = int(os.environ["PORT"])\n';

const tcpEcho = python('tcp-echo', `${PRELUDE}
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen()
while True:
    c, _ = s.accept()
    with c:
        while data := c.recv(65536):
            c.sendall(data)
`);

function check(id: string, run: Check['run'], extra: Partial<Check> = {}): Check {
  return { id, title: `title of ${id}`, timeoutMs: 20_000, run, ...extra };
}

function lessonOf(checks: Check[]): Lesson {
  return { number: 97, slug: 'harness', title: 'Harness lesson', dir, exercise: 'x.ts', solution: 'y.ts', fixtures: [], checks };
}

const fresh = (spec: ProgramSpec) => ({ source: { spec, gate: new StartupGate() }, seed: 1 });

function listening(port: number): boolean {
  return readTcpSockets({ port }).some((s) => s.state === 'LISTEN' && s.localPort === port);
}

function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls (bounded) until `predicate` holds; false if it never did. */
async function eventually(predicate: () => boolean, ms = 2000): Promise<boolean> {
  for (const end = performance.now() + ms; performance.now() < end; await sleep(10)) if (predicate()) return true;
  return predicate();
}

describe.runIf(process.platform === 'linux')('harness', () => {
  it('hands one shared copy to two checks in turn; only the first is "first", and neither stops it', async () => {
    const gate = new StartupGate();
    const shared = new SharedCopy();
    const seen: { pid: number; afterOthers: boolean; shared: boolean }[] = [];
    const using = check('uses-shared', async (h) => {
      const program = await h.start();
      seen.push({ pid: program.pid, afterOthers: h.usedSharedAfterOthers, shared: h.usedShared });
      return pass();
    });
    const first = await runCheck(using, { source: { spec: tcpEcho, gate, shared }, seed: 1 });
    const second = await runCheck({ ...using, id: 'uses-shared-too' }, { source: { spec: tcpEcho, gate, shared }, seed: 1 });
    expect([first.result.status, second.result.status]).toEqual(['pass', 'pass']);
    expect(seen[0]!.pid).toBe(seen[1]!.pid);
    expect(seen.map((s) => [s.shared, s.afterOthers])).toEqual([[true, false], [true, true]]);
    expect([first.needsFreshRun, second.needsFreshRun]).toEqual([false, true]);
    // The checks' teardowns left the copy running: it is the runner's to stop.
    expect(alive(seen[0]!.pid)).toBe(true);
    await shared.discard();
    expect(await eventually(() => !alive(seen[0]!.pid))).toBe(true);
  });

  it('reports a program that exits at once with one failure, the same for three checks of a lesson', async () => {
    const launches = join(dir, 'launches');
    const spec: ProgramSpec = { kind: 'cmd', command: `echo launched >> ${launches}; echo cannot start >&2; exit 3` };
    const starts = (id: string, fresh: boolean) => check(id, async (h) => (await h.start(), pass()), { fresh });
    const run = await runLessons({ lessons: [lessonOf([starts('one', true), starts('two', false), starts('three', true)])], programFor: () => spec, seed: 2 });
    // The copies start side by side; no check waits for another's launch.
    expect(readFileSync(launches, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(1);
    const checks = run.lessons[0]!.checks;
    for (const c of checks) {
      expect(c).toMatchObject({ status: 'fail', startupFailure: true });
      expect(c.details?.saw).toMatch(/exited with code 3 \d+ ms after it started without ever listening/);
    }
    // One story: every check reports the first copy's failure, word for word.
    expect(new Set(checks.map((c) => c.details?.saw)).size).toBe(1);
  });

  it('shares one copy between checks that wait for different endpoints, with a SOCKET_PATH that outlives the first', async () => {
    const unixAndTcp = python('unix-and-tcp', `${PRELUDE}
path = os.environ["SOCKET_PATH"]
u = socket.socket(socket.AF_UNIX)
u.bind(path)
u.listen()
time.sleep(0.2)
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind((HOST, PORT))
t.listen()
while True:
    time.sleep(1)
`);
    const seen: { id: string; pid: number; path: string; exists: boolean }[] = [];
    const waitsFor = (id: string, endpoint: 'unix' | 'tcp') => check(id, async (h) => {
      const program = await h.start({ endpoints: [endpoint] });
      seen.push({ id, pid: program.pid, path: h.socketPath, exists: existsSync(h.socketPath) });
      if (endpoint === 'tcp') await h.connect();
      return pass();
    });
    const lesson = { ...lessonOf([waitsFor('unix-first', 'unix'), waitsFor('tcp-next', 'tcp')]), start: { endpoints: ['unix' as const] } };
    const run = await runLessons({ lessons: [lesson], programFor: () => unixAndTcp, seed: 4 });
    expect(run.lessons[0]!.checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(seen.map((s) => s.id)).toEqual(['unix-first', 'tcp-next']);
    expect(seen[1]!.pid).toBe(seen[0]!.pid);
    expect(seen[1]!.path).toBe(seen[0]!.path);
    expect(seen.every((s) => s.exists)).toBe(true);
    // Gone with the copy, at the end of the lesson.
    expect(existsSync(seen[0]!.path)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('tells a program asleep (waiting for clients) from one that is not, and stops at until', async () => {
    const seen: boolean[] = [];
    const run = await runCheck(check('asleep', async (h) => {
      const program = await h.start();
      seen.push(await waitUntilAsleep(h.kernel, program, 50, { everyMs: 5, withinMs: 2000 }));
      seen.push(await waitUntilAsleep(h.kernel, program, 50, { everyMs: 5, until: Promise.resolve() }));
      return pass();
    }), fresh(tcpEcho));
    expect(run.result.status, run.result.message).toBe('pass');
    expect(seen).toEqual([true, false]);
  });

  it('makes no folder for SOCKET_PATH once a check has ended (a check given up on may still ask for it)', async () => {
    const h = new Harness(fresh(tcpEcho));
    await h.teardown();
    expect(existsSync(dirname(h.socketPath))).toBe(false);
  });

  it('runs an observation once for the checks that ask for it; a failed one leaves each check to its own', async () => {
    let runs = 0;
    const seen = new Map<string, number | undefined>();
    const observing = (id: string) => check(id, async (h) => {
      seen.set(id, await h.observeOnce('pid', async (o) => {
        runs++;
        const { pid } = await o.start();
        (await o.connect('watcher')).destroy();
        return pid;
      }));
      return pass();
    }, { fresh: true });
    const failing = check('observes-a-failure', async (h) => {
      seen.set('broken', await h.observeOnce('broken', async () => { throw new Error('no'); }));
      return pass();
    }, { fresh: true });
    const run = await runLessons({ lessons: [lessonOf([observing('a'), observing('b'), observing('c'), failing])], programFor: () => tcpEcho, seed: 3 });
    expect(run.lessons[0]!.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(runs).toBe(1);
    expect(new Set(['a', 'b', 'c'].map((id) => seen.get(id))).size).toBe(1);
    expect(seen.get('a')).toBeGreaterThan(0);
    expect(seen.has('broken') && seen.get('broken') === undefined).toBe(true);
    // Every check judged on it shows its conversation, named as shared.
    for (const c of run.lessons[0]!.checks.slice(0, 3)) expect(c.transcripts.map((t) => t.peer)).toEqual(['watcher (shared conversation)']);
  });

  it('gives up on a check that waits on the shared copy longer than its patience, and lets it start nothing more', async () => {
    const shared = new SharedCopy();
    let later: unknown;
    let sleptOut = false;
    const slow = check('slow-on-shared', async (h) => {
      await h.start();
      await sleep(600);
      sleptOut = true;
      try {
        await h.connect();
      } catch (err) {
        later = err;
      }
      return pass();
    });
    const run = await runCheck(slow, { source: { spec: tcpEcho, gate: new StartupGate(), shared }, seed: 1, patienceMs: 200 });
    expect(run.abandoned).toBe(true);
    expect(run.needsFreshRun).toBe(true);
    // It came back while the check was still waiting.
    expect(sleptOut).toBe(false);
    await sleep(700);
    expect(String(later)).toMatch(/went on after the grader had ended it/);
    await shared.discard();
  });

  it('judges a check that ran out of patience on the shared copy again on a fresh one', async () => {
    let runs = 0;
    const slow = check('slow', async (h) => {
      runs++;
      await h.start();
      await sleep(SHARED_PATIENCE_MS + 200);
      return pass();
    });
    const run = await runLessons({ lessons: [lessonOf([slow])], programFor: () => tcpEcho, seed: 3 });
    expect(run.lessons[0]!.checks[0]!.status).toBe('pass');
    expect(runs).toBe(2);
  });

  it('stops a program at the memory cap and says so, naming the cap', async () => {
    const hog = python('memory-hog', `${PRELUDE}
s = socket.socket()
s.bind((HOST, PORT))
s.listen()
hog = []
# 4 MiB every 20 ms, at most 512 MiB: bounded even if the grader failed to stop it.
for _ in range(128):
    hog.append(b"x" * (4 << 20))
    time.sleep(0.02)
time.sleep(60)
`);
    let program: Program | undefined;
    const run = await runCheck(check('memory', async (h) => {
      program = await h.start({ memoryCapBytes: 64 * 1024 * 1024 });
      await program.waitForExit(15_000);
      return pass('it ended');
    }), fresh(hog));
    expect(run.result.status).toBe('fail');
    expect(run.result.details?.saw).toMatch(/its processes together held \d+ MiB of memory, over the grader's cap of 64 MiB, so the grader stopped it/);
    expect(run.result.details?.cause).toMatch(/memory that grows without end/);
    expect(program!.exitInfo()).toMatchObject({ signal: 'SIGKILL' });
  });

  it('kills a process that left the group with setsid and held the port, and names it in the notes', async () => {
    const marker = `handshake-escapee-${process.pid}`;
    const escapee = `import os, socket, time
s = socket.socket()
s.bind((os.environ["HOST"], int(os.environ["PORT"])))
s.listen()
time.sleep(60)`;
    const spec: ProgramSpec = { kind: 'cmd', command: `setsid python3 -c '${escapee}' ${marker} & sleep 60` };
    let port = 0;
    let escapeePid = 0;
    const run = await runCheck(check('escapee', async (h) => {
      const program = await h.start({ endpoints: [] });
      port = program.port;
      if (!(await eventually(() => h.kernel.listener() !== undefined, 5000))) return fail({ did: '', expected: 'the escapee to listen', saw: 'nothing listened', cause: '' });
      escapeePid = findPid(marker);
      return pass();
    }), fresh(spec));
    expect(run.result.status).toBe('pass');
    expect(escapeePid).toBeGreaterThan(0);
    expect(run.result.notes).toEqual([expect.stringMatching(new RegExp(`pid ${escapeePid}, "\\S*python3 -c [\\s\\S]*left the program's process group \\(setsid\\) and still held port ${port} after the program was stopped; the grader killed it`))]);
    // Nothing of it is left: the process is gone and nothing listens on the port.
    expect(await eventually(() => !alive(escapeePid), 1000)).toBe(true);
    expect(listening(port)).toBe(false);
  });

  it('counts a UDP program as ready once it has bound its port, without sending it a datagram', async () => {
    const udpEcho = python('udp-echo', `${PRELUDE}
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
while True:
    data, addr = s.recvfrom(65536)
    print("got", len(data), flush=True)
    s.sendto(data, addr)
`);
    let output = '';
    const run = await runCheck(check('udp', async (h) => {
      const program = await h.start({ endpoints: ['udp'] });
      const peer = await h.udp();
      await peer.send('ping', { host: h.host, port: h.port });
      const echo = await peer.receive(3000);
      output = program.output.text();
      return echo?.data.toString() === 'ping' ? pass() : fail({ did: 'sent ping', expected: 'ping back', saw: String(echo?.data), cause: '' });
    }), fresh(udpEcho));
    expect(run.result.status, run.result.message).toBe('pass');
    // The only datagram the program ever saw was the check's own.
    expect(output.trim().split('\n')).toEqual(['got 4']);
  });

  it('counts a Unix socket program as ready once it listens on SOCKET_PATH, without connecting to it', async () => {
    const unixEcho = python('unix-echo', `import os, socket
path = os.environ["SOCKET_PATH"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen()
while True:
    c, _ = s.accept()
    print("accepted", flush=True)
    with c:
        while data := c.recv(65536):
            c.sendall(data)
`);
    let program: Program | undefined;
    let path = '';
    const run = await runCheck(check('unix', async (h) => {
      program = await h.start({ endpoints: ['unix'] });
      path = h.socketPath;
      const peer = await h.connect('client', { path });
      const line = Buffer.from('over a Unix socket\n');
      const problem = await exchange(peer, line, line, { idleMs: 2000, totalMs: 5000 });
      return problem ? fail({ did: 'sent a line', expected: 'its echo', saw: problem.kind, cause: '' }) : pass();
    }), fresh(unixEcho));
    expect(run.result.status, run.result.message).toBe('pass');
    // Read once the program has been stopped and its pipes drained: its line may come after the echo.
    expect(program!.output.text().trim().split('\n')).toEqual(['accepted']);
    // The check's folder (and the socket file in it) is gone after teardown.
    expect(existsSync(path)).toBe(false);
  });

  it('passes a correct echo although the grader\'s event loop was blocked for 1.5 s while the echo came', async () => {
    let stalled = false;
    const stalledCheck = check('stalled', async (h) => {
      await h.start();
      const peer = await h.connect();
      const line = Buffer.from('hello while the grader sleeps\n');
      // The echo arrives during the block; every bound below is far shorter than the block.
      setImmediate(() => {
        const t = performance.now();
        while (performance.now() - t < 1500);
        stalled = true;
      });
      const problem = await exchange(peer, line, line, { idleMs: 300, totalMs: 600 });
      return problem ? fail({ did: 'sent a line', expected: 'its echo', saw: problem.kind, cause: '' }) : pass();
    }, { fresh: true });
    const run = await runLessons({ lessons: [lessonOf([stalledCheck])], programFor: () => tcpEcho, seed: 4 });
    expect(stalled).toBe(true);
    expect(run.lessons[0]!.checks[0]).toMatchObject({ status: 'pass' });
  });
});

/** The pid of the live python3 process whose command line holds `marker` (not the shell that started it). */
function findPid(marker: string): number {
  for (const name of readdirOrEmpty('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (/^(?:\S*\/)?python[\d.]*\0/.test(cmdline) && cmdline.includes(marker) && alive(Number(name))) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return 0;
}

function readdirOrEmpty(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
