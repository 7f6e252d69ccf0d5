// What a thread is blocked in: the parser on lines from this machine, the reader on real programs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { readTcpSockets } from '../../grader/kernel/proc-net-tcp.ts';
import { canReadProcesses } from '../../grader/kernel/proc-processes.ts';
import { parseSyscallLine, whatGroupIsDoing, whatProcessIsDoing } from '../../grader/kernel/proc-syscall.ts';
import { syscallName } from '../../grader/kernel/syscall-names.ts';

describe('parseSyscallLine', () => {
  it('reads a blocked call: the number in decimal, the arguments in hex (Python in accept4 on fd 3)', () => {
    const line = parseSyscallLine('288 0x3 0x7ffd23a43970 0x7ffd23a43964 0x80000 0x0 0x0 0x7ffd23a43938 0x7f3301b28f63\n');
    expect(line).toEqual({ kind: 'syscall', nr: 288, args: [3n, 0x7ffd23a43970n, 0x7ffd23a43964n, 0x80000n, 0n, 0n] });
  });

  it('reads "running", a thread outside any call, and nothing', () => {
    expect(parseSyscallLine('running\n')).toEqual({ kind: 'running' });
    expect(parseSyscallLine('-1 0x7ffd3ff0e7b8 0x7f83a55e1503\n')).toEqual({ kind: 'none' });
    expect(parseSyscallLine('')).toBeUndefined();
  });
});

describe('syscallName', () => {
  it('names the calls seen on this machine (x86_64)', () => {
    // recvfrom (Python recv), clock_nanosleep (sleep), epoll_pwait (Node's loop), futex (Node's helper threads).
    expect([45, 230, 281, 202, 288].map((nr) => syscallName(nr, 'x64'))).toEqual(['recvfrom', 'clock_nanosleep', 'epoll_pwait', 'futex', 'accept4']);
  });

  it('uses the generic numbers on aarch64, where poll and epoll_wait do not exist', () => {
    expect([242, 207, 115, 22, 98, 73].map((nr) => syscallName(nr, 'arm64'))).toEqual(['accept4', 'recvfrom', 'clock_nanosleep', 'epoll_pwait', 'futex', 'ppoll']);
    expect(syscallName(7, 'arm64')).toBeUndefined();
    expect(syscallName(0, 'ia32')).toBeUndefined();
  });
});

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Reads until `done` holds (a program takes a moment to reach its blocking call), for at most 3 s; returns the last read. */
async function settle<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  let value = read();
  for (let i = 0; i < 300 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 10));
    value = read();
  }
  return value;
}

const known = canReadProcesses() && ['x64', 'arm64'].includes(process.arch);

describe.runIf(known)('whatGroupIsDoing on real programs', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && process.kill(-c.pid!, 'SIGKILL')));

  /** Starts a program leading its own process group and resolves once it printed its first line. */
  async function start(file: string, args: string[]): Promise<number> {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    await new Promise((r) => child.stdout!.once('data', r));
    return child.pid!;
  }

  it('sees a sleeping program in clock_nanosleep', async () => {
    const pid = await start('sh', ['-c', 'echo started; exec sleep 30']);
    expect(await settle(() => whatGroupIsDoing(pid), (t) => t[0]?.syscall === 'clock_nanosleep')).toEqual([expect.objectContaining({ pid, tid: pid, comm: 'sleep', state: 'S', syscall: 'clock_nanosleep' })]);
  });

  it('sees a spinning program running', async () => {
    const pid = await start(process.execPath, ['-e', 'console.log("started"); for (;;);']);
    const main = await settle(() => whatProcessIsDoing(pid).find((t) => t.tid === pid), (t) => t?.syscall === 'running');
    expect(main).toMatchObject({ syscall: 'running', state: 'R' });
  });

  it('sees an idle Node server\'s loop in epoll_pwait (or epoll_wait) and its helpers in futex', async () => {
    const pid = await start(process.execPath, ['-e', 'require("net").createServer().listen(0, "127.0.0.1", () => console.log("started"))']);
    const threads = await settle(() => whatGroupIsDoing(pid), (ts) => /^epoll_(p)?wait$/.test(ts.find((t) => t.tid === pid)?.syscall ?? ''));
    expect(threads.find((t) => t.tid === pid)?.syscall).toMatch(/^epoll_(p)?wait$/);
    expect(threads.some((t) => t.syscall === 'futex')).toBe(true);
  });

  it.runIf(hasPython())('sees a Python server in accept() on its listener, and in recv() on a connection', async () => {
    const script = [
      'import socket', 's = socket.socket()', 's.bind(("127.0.0.1", 0))', 's.listen()',
      'print(s.getsockname()[1], flush=True)', 'c, _ = s.accept()', 'c.recv(10)',
    ].join('\n');
    const child = spawn('python3', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    const port = Number(await new Promise<string>((r) => child.stdout!.once('data', (d) => r(String(d)))));
    const listener = readTcpSockets({ port }).find((s) => s.state === 'LISTEN')!;
    expect(await settle(() => whatGroupIsDoing(child.pid!), (t) => t[0]?.socketInode === listener.inode)).toEqual([expect.objectContaining({ syscall: expect.stringMatching(/^accept4?$/), socketInode: listener.inode })]);
    const client = net.connect(port, '127.0.0.1');
    await new Promise((r) => client.once('connect', r));
    // Until accept() returns, the kernel shows the connection with inode 0: it has no file yet.
    const serverSide = () => readTcpSockets({ port }).find((s) => s.localPort === port && s.remotePort === client.localPort);
    const connection = (await settle(serverSide, (s) => (s?.inode ?? 0) > 0))!;
    const [thread] = await settle(() => whatGroupIsDoing(child.pid!), (t) => t[0]?.socketInode === connection.inode);
    client.destroy();
    expect(thread).toMatchObject({ syscall: expect.stringMatching(/^recv(from|msg)?$/), socketInode: connection.inode, fdTarget: `socket:[${connection.inode}]` });
  });
});
