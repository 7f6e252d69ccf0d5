// The grader's own server: accepting clients written here, scripting each connection, keeping their
// transcripts, holding a port against a second listener, and closing everything it accepted.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ReferenceServer } from '../../grader/net/reference-server.ts';
import { within } from '../../grader/timing.ts';

const servers: ReferenceServer[] = [];
const clients: net.Socket[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function listen(...args: Parameters<typeof ReferenceServer.listen>): Promise<ReferenceServer> {
  const server = await ReferenceServer.listen(...args);
  servers.push(server);
  return server;
}

function client(where: { port: number; host: string } | { path: string }): net.Socket {
  const socket = net.connect({ ...where, allowHalfOpen: true });
  clients.push(socket);
  return socket;
}

/** Everything a client receives until the server's side ends (bounded). */
async function receiveAll(socket: net.Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  await within(new Promise((resolve) => socket.once('end', resolve).once('close', resolve)), 2000);
  return Buffer.concat(chunks).toString();
}

describe('ReferenceServer', () => {
  it('accepts a client on a port of its choosing and hands over the connection as a stream peer', async () => {
    const server = await listen({ host: '127.0.0.1', port: 0 });
    expect(server.port).toBeGreaterThan(0);
    const socket = client({ host: '127.0.0.1', port: server.port });
    await within(new Promise((resolve) => socket.once('connect', resolve)), 1000);
    const clientPort = socket.localPort;
    socket.write('hi\n');
    const peer = await server.nextConnection(1000);
    expect(peer?.name).toBe('server connection 1');
    expect(peer?.family).toBe('ipv4');
    expect(await peer!.readLine(1000)).toEqual({ data: Buffer.from('hi\n'), outcome: 'complete' });
    peer!.send('ok\n');
    peer!.halfClose();
    const answer = receiveAll(socket);
    socket.end();
    expect(await answer).toBe('ok\n');
    expect(await peer!.waitForEnd(1000)).toBe('fin');
    const [first] = peer!.events;
    expect(first).toMatchObject({ type: 'accepted', detail: `from 127.0.0.1:${clientPort}` });
    expect(peer!.remotePort).toBe(clientPort);
    expect(server.transcripts().map((t) => t.peer)).toEqual(['server connection 1']);
    expect(await server.nextConnection(50)).toBeUndefined();
  });

  it('runs its script for every connection, and keeps what a script throws', async () => {
    const server = await listen({ host: '127.0.0.1', port: 0 }, {
      onConnection: async (peer) => {
        peer.send(`HELLO ${peer.name}\n`);
        const line = await peer.readLine(1000);
        if (line.data.toString() === 'boom\n') throw new Error('unexpected boom');
        peer.send(`GOT ${line.data.toString()}`);
        peer.halfClose();
      },
    });
    const one = client({ host: '127.0.0.1', port: server.port });
    const two = client({ host: '127.0.0.1', port: server.port });
    const answers = Promise.all([receiveAll(one), receiveAll(two)]);
    one.write('a\n');
    two.write('b\n');
    expect(await answers).toEqual(['HELLO server connection 1\nGOT a\n', 'HELLO server connection 2\nGOT b\n']);
    const three = client({ host: '127.0.0.1', port: server.port });
    three.write('boom\n');
    for (let i = 0; i < 100 && server.scriptErrors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.scriptErrors).toHaveLength(1);
    expect(server.connections).toHaveLength(3);
    expect(server.connections[2]!.events.at(-1)?.detail).toMatch(/script failed: unexpected boom/);
  });

  it('holds its port: a second listener on it is refused with EADDRINUSE', async () => {
    const holder = await listen({ host: '127.0.0.1', port: 0 });
    await expect(ReferenceServer.listen({ host: '127.0.0.1', port: holder.port })).rejects.toMatchObject({
      name: 'ListenError',
      code: 'EADDRINUSE',
      message: expect.stringContaining(`127.0.0.1:${holder.port}`),
    });
    const plain = net.createServer();
    const code = await new Promise((resolve) => plain.once('error', (e: NodeJS.ErrnoException) => resolve(e.code)).listen(holder.port, '127.0.0.1', () => resolve('listening')));
    plain.close();
    expect(code).toBe('EADDRINUSE');
  });

  it('listens on a Unix socket, and close() ends its connections and removes the file', async () => {
    const file = path.join(os.tmpdir(), `handshake-reference-${process.pid}.sock`);
    const server = await listen({ path: file });
    expect(server.path).toBe(file);
    const socket = client({ path: file });
    const peer = await server.nextConnection(1000);
    expect(peer?.family).toBe('unix');
    expect(peer?.localAddress).toBe(file);
    const ended = receiveAll(socket);
    await server.close();
    await ended;
    expect(socket.readableEnded || socket.destroyed).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});
