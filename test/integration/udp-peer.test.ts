// The UDP peer against a tiny echo server: datagrams keep their boundaries (an empty one too), none
// is lost for arriving before receive(), and ICMP errors show in the transcript.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpPeer } from '../../grader/net/udp-peer.ts';
import { formatTranscript } from '../../grader/net/transcript.ts';
import { sleep } from '../../grader/timing.ts';

const sockets: dgram.Socket[] = [];
const peers: UdpPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
  sockets.splice(0).forEach((s) => s.close());
});

const canBindIpv6 = await new Promise<boolean>((resolve) => {
  const probe = dgram.createSocket('udp6');
  probe.once('error', () => resolve(false));
  probe.bind(0, '::1', () => probe.close(() => resolve(true)));
});

function echoServer(host = '127.0.0.1'): Promise<{ host: string; port: number }> {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  sockets.push(socket);
  socket.on('message', (data, from) => socket.send(data, from.port, from.address));
  return new Promise((resolve) => socket.bind(0, host, () => resolve({ host, port: socket.address().port })));
}

async function bound(host = '127.0.0.1', name = 'udp client'): Promise<UdpPeer> {
  const peer = new UdpPeer(name);
  peers.push(peer);
  await peer.bind(host);
  return peer;
}

describe('UdpPeer', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`echoes through ${host} and records both datagrams with their endpoints`, async (ctx) => {
      ctx.skip(host === '::1' && !canBindIpv6, '::1 cannot be bound on this host (no IPv6 loopback)');
      const echo = await echoServer(host);
      const peer = await bound(host);
      expect(peer.localPort).toBeGreaterThan(0);
      expect(await peer.send('hello', echo)).toBeUndefined();
      const got = await peer.receive(1000);
      expect(got).toEqual({ data: Buffer.from('hello'), from: { address: host, port: echo.port } });
      const where = host.includes(':') ? `[${host}]:${echo.port}` : `${host}:${echo.port}`;
      const lines = formatTranscript(peer.events);
      expect(lines.some((l) => l.endsWith(`datagram-sent 5 B to ${where} "hello"`))).toBe(true);
      expect(lines.some((l) => l.endsWith(`datagram-received 5 B from ${where} "hello"`))).toBe(true);
    });
  }

  it('receives an empty datagram as a message of 0 bytes, not as nothing', async () => {
    const echo = await echoServer();
    const peer = await bound();
    await peer.send(Buffer.alloc(0), echo);
    const got = await peer.receive(1000);
    expect(got?.data).toEqual(Buffer.alloc(0));
    expect(peer.events.find((e) => e.type === 'datagram-received')?.bytes).toBe(0);
  });

  it('keeps datagrams that arrived before receive() was called, in order', async () => {
    const echo = await echoServer();
    const peer = await bound();
    for (const text of ['one', 'two', 'three']) await peer.send(text, echo);
    for (let i = 0; i < 100 && peer.pendingDatagrams < 3; i++) await sleep(10);
    expect(peer.pendingDatagrams).toBe(3);
    const got = await peer.receiveMany(3, 500);
    expect(got.map((d) => d.data.toString())).toEqual(['one', 'two', 'three']);
    expect(peer.pendingDatagrams).toBe(0);
  });

  it('receives many datagrams sent back to back, each whole, and then nothing within the bound', async () => {
    const echo = await echoServer();
    const peer = await bound();
    const sent = Array.from({ length: 100 }, (_, i) => `datagram ${i} `.repeat(1 + (i % 7)));
    await Promise.all(sent.map((text) => peer.send(text, echo)));
    const got = await peer.receiveMany(200, 500);
    expect(got.map((d) => d.data.toString())).toEqual(sent);
    const started = performance.now();
    expect(await peer.receive(100)).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('records an ICMP port-unreachable on a connected socket as an error (ECONNREFUSED)', async () => {
    const gone = await echoServer();
    sockets.pop()!.close();
    const peer = await bound();
    await peer.connect(gone);
    await peer.send('anyone?');
    expect(await peer.receive(300)).toBeUndefined();
    expect(peer.errors).toContain('ECONNREFUSED');
    expect(peer.events.some((e) => e.type === 'error' && e.detail?.startsWith('ECONNREFUSED'))).toBe(true);
  });

  it('refuses to bind an address that is not local, with its code', async () => {
    const peer = new UdpPeer('nowhere');
    await expect(peer.bind('192.0.2.1')).rejects.toMatchObject({ name: 'ListenError', code: 'EADDRNOTAVAIL' });
  });
});
