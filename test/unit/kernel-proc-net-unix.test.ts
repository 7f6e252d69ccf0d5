// /proc/net/unix: parsing lines copied from a real kernel, and reading a real listener.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canReadKernelSockets } from '../../grader/kernel/proc-net-tcp.ts';
import { isSameAddress, parseProcNetUnix, parseUnixLine, printedPath, readUnixSockets } from '../../grader/kernel/proc-net-unix.ts';

// From this course's machine: a stream listener with one accepted connection and one still in its
// accept queue (St 02, inode 0), the client ends (no path), a path with a space, a datagram socket,
// and abstract seqpacket and stream listeners.
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
0000000053bb5bad: 00000003 00000000 00000000 0001 03  1615
00000000f5180c1d: 00000003 00000000 00000000 0001 03 354373
000000008a341755: 00000003 00000000 00000000 0001 03 354374 /tmp/kh/s/srv.sock
00000000ac0f56c0: 00000002 00000000 00010000 0001 01 354372 /tmp/kh/s/srv.sock
00000000027a676c: 00000002 00000000 00000000 0001 01 354377 /tmp/kh/s/my sock
00000000ab6d31d7: 00000003 00000000 00000000 0001 02     0 /tmp/kh/s/srv.sock
00000000e2ecb5b4: 00000002 00000000 00000000 0002 01 354378 /tmp/kh/s/dg.sock
0000000054e58c9a: 00000002 00000000 00010000 0005 01 354379 @seq
00000000413015bc: 00000002 00000000 00010000 0001 01 354376 @handshake-port-12345
`;

describe('parseProcNetUnix', () => {
  const sockets = parseProcNetUnix(UNIX);

  it('reads type, state, the listening flag, inode and path', () => {
    expect(sockets).toHaveLength(9);
    expect(sockets[0]).toEqual({ inode: 1615, type: 'stream', state: 'CONNECTED', listening: false, path: undefined, abstract: false });
    expect(sockets[3]).toEqual({ inode: 354372, type: 'stream', state: 'UNCONNECTED', listening: true, path: '/tmp/kh/s/srv.sock', abstract: false });
    expect(sockets[6]).toMatchObject({ type: 'dgram', state: 'UNCONNECTED', listening: false });
  });

  it('shows a connection still in the accept queue as CONNECTING with inode 0', () => {
    expect(sockets[5]).toMatchObject({ state: 'CONNECTING', inode: 0, path: '/tmp/kh/s/srv.sock' });
  });

  it('keeps spaces in paths and marks abstract names', () => {
    expect(sockets[4]!.path).toBe('/tmp/kh/s/my sock');
    expect(sockets[7]).toMatchObject({ type: 'seqpacket', listening: true, path: '@seq', abstract: true });
    expect(parseUnixLine(UNIX.split('\n')[0]!)).toBeUndefined();
  });

  it('writes a Node abstract address the way the kernel prints it, padded or not', () => {
    expect(printedPath('\0handshake-port-12345')).toBe('@handshake-port-12345');
    // Node 20 binds the whole 108-byte sun_path: the kernel prints the padding NULs as '@'.
    expect(isSameAddress('@hs-abc-test'.padEnd(108, '@'), '@hs-abc-test')).toBe(true);
    expect(isSameAddress('@hs-abc-test', '@hs-abc-test')).toBe(true);
    expect(isSameAddress('@hs-abc-tester'.padEnd(108, '@'), '@hs-abc-test')).toBe(false);
    expect(isSameAddress('/tmp/a.sock', '/tmp/a')).toBe(false);
  });
});

describe.runIf(canReadKernelSockets())('readUnixSockets against a real listener', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handshake-unix-'));
  const servers: net.Server[] = [];
  const clients: net.Socket[] = [];
  afterAll(() => {
    clients.forEach((c) => c.destroy());
    servers.forEach((s) => s.close());
    rmSync(dir, { recursive: true, force: true });
  });

  const listen = (path: string) => new Promise<net.Server>((resolve) => {
    const server = net.createServer((c) => clients.push(c));
    servers.push(server);
    server.listen(path, () => resolve(server));
  });

  it('finds a path\'s listener and its accepted connection, and only those', async () => {
    const path = join(dir, 'server.sock');
    await listen(path);
    await listen(`${path}.other`);
    const client = net.connect(path);
    clients.push(client);
    await new Promise((r) => client.once('connect', r));
    await new Promise((r) => setTimeout(r, 50));
    const found = readUnixSockets({ path });
    expect(found.filter((s) => s.listening)).toHaveLength(1);
    expect(found.filter((s) => s.state === 'CONNECTED' && s.inode > 0)).toHaveLength(1);
    expect(found.every((s) => s.path === path)).toBe(true);
  });

  it('finds an abstract listener by Node\'s address', async () => {
    const name = `\0handshake-test-${process.pid}`;
    await listen(name);
    const [listener, ...others] = readUnixSockets({ path: name });
    expect(others).toEqual([]);
    expect(listener).toMatchObject({ listening: true, abstract: true });
    expect(listener!.path!.startsWith(`@handshake-test-${process.pid}`)).toBe(true);
  });
});
