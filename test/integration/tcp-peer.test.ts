// The reference peer against servers written here: what it records and how its reads end.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpPeer } from '../../grader/net/tcp-peer.ts';

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function serve(onConnection: (socket: net.Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer({ allowHalfOpen: true }, onConnection);
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

describe('TcpPeer', () => {
  it('sends in chunks, reads exactly, half-closes and sees the server\'s FIN', async () => {
    const arrivals: number[] = [];
    const port = await serve((s) => {
      s.on('data', (d) => {
        arrivals.push(d.length);
        s.write(d);
      });
      s.on('end', () => s.end());
    });
    const peer = new TcpPeer('client');
    await peer.connect('127.0.0.1', port, 1000);
    await peer.sendInChunks(Buffer.from('abcdefghij'), [3, 3, 4], 20);
    const echo = await peer.read(10, 1000);
    expect(echo).toEqual({ data: Buffer.from('abcdefghij'), outcome: 'complete' });
    expect(arrivals).toEqual([3, 3, 4]);
    peer.halfClose();
    expect(await peer.waitForEnd(1000)).toBe('fin');
    const types = peer.events.map((e) => e.type);
    expect(types.filter((t) => t === 'sent')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['connect', 'received', 'fin-sent', 'fin-received']));
    peer.destroy();
  });

  it('ends a read early at FIN with what arrived, and at a bound without progress', async () => {
    const port = await serve((s) => s.end('par'));
    const peer = new TcpPeer('client');
    await peer.connect('127.0.0.1', port, 1000);
    expect(await peer.read(10, 1000)).toEqual({ data: Buffer.from('par'), outcome: 'fin' });
    peer.destroy();
    const silentPort = await serve(() => {});
    const quiet = new TcpPeer('quiet');
    await quiet.connect('127.0.0.1', silentPort, 1000);
    expect(await quiet.read(1, 50)).toEqual({ data: Buffer.alloc(0), outcome: 'timeout' });
    quiet.destroy();
  });

  it('aborts with a reset the server sees as ECONNRESET, and records a reset it receives', async () => {
    const serverSaw = new Promise<string | undefined>((resolve) => {
      void serve((s) => {
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
        s.on('close', () => resolve(undefined));
      }).then(async (port) => {
        const peer = new TcpPeer('client');
        await peer.connect('127.0.0.1', port, 1000);
        peer.abort();
      });
    });
    expect(await serverSaw).toBe('ECONNRESET');

    const resetPort = await serve((s) => s.once('data', () => s.resetAndDestroy()));
    const peer = new TcpPeer('client');
    await peer.connect('127.0.0.1', resetPort, 1000);
    peer.send('x');
    expect((await peer.read(1, 1000)).outcome).toBe('rst');
    expect(peer.events.some((e) => e.type === 'rst-received')).toBe(true);
  });

  it('reports a refused connection with its code', async () => {
    const port = await serve(() => {});
    servers.splice(0).forEach((s) => s.close());
    const peer = new TcpPeer('client');
    await expect(peer.connect('127.0.0.1', port, 1000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
