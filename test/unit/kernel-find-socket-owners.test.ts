// Who holds a socket: the command-line parser, and the /proc scan on real sockets and processes.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { findSocketOwners, parseCmdline, processesOnPort } from '../../grader/kernel/find-socket-owners.ts';
import { readTcpSockets } from '../../grader/kernel/proc-net-tcp.ts';
import { canReadProcesses } from '../../grader/kernel/proc-processes.ts';

describe('parseCmdline', () => {
  it('joins NUL-ended arguments (a line from this machine)', () => {
    expect(parseCmdline('/root/.pyenv/versions/3.11.7/bin/python3\0accept_server.py\x0041005\0')).toBe('/root/.pyenv/versions/3.11.7/bin/python3 accept_server.py 41005');
    expect(parseCmdline('')).toBe('');
  });
});

describe.runIf(canReadProcesses())('findSocketOwners and processesOnPort on real sockets', () => {
  const closers: Array<() => void> = [];
  afterAll(() => closers.forEach((close) => close()));

  it('finds this process as the holder of its own listener, and nothing for unknown or zero inodes', async () => {
    const server = net.createServer();
    closers.push(() => server.close());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const inode = readTcpSockets({ port }).find((s) => s.state === 'LISTEN')!.inode;
    const { owners, complete } = findSocketOwners([inode, 0]);
    expect(complete).toBe(true);
    expect(owners).toEqual([expect.objectContaining({ pid: process.pid, inodes: [inode] })]);
    expect(findSocketOwners([]).owners).toEqual([]);
  });

  it('names a program in its own session holding a TCP port, and this process holding a UDP socket on it', async () => {
    const script = 'const s = require("net").createServer().listen(0, "127.0.0.1", () => console.log(s.address().port))';
    // detached: the child calls setsid(), as a program's child that escaped its group would.
    const child: ChildProcess = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    closers.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    const port = Number(await new Promise<string>((r) => child.stdout!.once('data', (d) => r(String(d)))));
    const udp = dgram.createSocket('udp4');
    closers.push(() => udp.close());
    await new Promise<void>((r) => udp.bind(port, '127.0.0.1', r));

    const { holders, complete } = processesOnPort(port);
    expect(complete).toBe(true);
    const escaped = holders.find((h) => h.pid === child.pid);
    expect(escaped).toMatchObject({ pgid: child.pid, sid: child.pid, sockets: [expect.objectContaining({ protocol: 'tcp', state: 'LISTEN' })] });
    expect(escaped!.command).toContain(process.execPath);
    expect(holders.find((h) => h.pid === process.pid)?.sockets).toEqual([expect.objectContaining({ protocol: 'udp', state: 'UNCONNECTED' })]);
  });

  it('gives up when its time budget is spent, and says so', () => {
    expect(findSocketOwners([12345], -1)).toEqual({ owners: [], complete: false, unreadable: 0 });
  });
});
