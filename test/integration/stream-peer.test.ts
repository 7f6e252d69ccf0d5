// The stream peer against servers written here, over TCP (IPv4, IPv6) and a Unix socket: what it
// records, how its reads end, how it reads 64 MiB, and that a stalled event loop is never a timeout.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkQueue } from '../../grader/net/chunk-queue.ts';
import { StreamPeer, type StreamTarget } from '../../grader/net/stream-peer.ts';
import { formatTranscript } from '../../grader/net/transcript.ts';
import { sleep, within } from '../../grader/timing.ts';

const servers: net.Server[] = [];
const peers: StreamPeer[] = [];
afterEach(() => {
  peers.splice(0).forEach((p) => p.destroy());
  servers.splice(0).forEach((s) => s.close());
});

const canBindIpv6 = await new Promise<boolean>((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

let socketCount = 0;
function socketPath(): string {
  return path.join(os.tmpdir(), `handshake-stream-peer-${process.pid}-${++socketCount}.sock`);
}

function serve(where: { host: string } | { path: string }, onConnection: (socket: net.Socket) => void): Promise<StreamTarget> {
  return new Promise((resolve) => {
    const server = net.createServer({ allowHalfOpen: true }, onConnection);
    servers.push(server);
    if ('path' in where) server.listen(where.path, () => resolve(where));
    else server.listen(0, where.host, () => resolve({ host: where.host, port: (server.address() as net.AddressInfo).port }));
  });
}

async function connect(target: StreamTarget, name = 'client'): Promise<StreamPeer> {
  const peer = new StreamPeer(name);
  peers.push(peer);
  await peer.connect(target, 1000);
  return peer;
}

/** A server whose accepted socket the test drives itself. */
async function serveOne(where: { host: string } | { path: string } = { host: '127.0.0.1' }): Promise<{ peer: StreamPeer; server: net.Socket }> {
  let accepted!: (s: net.Socket) => void;
  const socket = new Promise<net.Socket>((resolve) => (accepted = resolve));
  const target = await serve(where, accepted);
  const peer = await connect(target);
  return { peer, server: await socket };
}

/** Blocks the event loop, as a starved or stopped grader would be. */
function stallFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('ChunkQueue', () => {
  it('takes across chunk boundaries and finds a byte between `from` and `limit`', () => {
    const q = new ChunkQueue();
    for (const s of ['ab', 'cde', '', 'f\n']) q.push(Buffer.from(s));
    expect(q.length).toBe(7);
    expect(q.indexOf(0x0a, 0, 7)).toBe(6);
    expect(q.indexOf(0x0a, 0, 6)).toBe(-1);
    expect(q.take(1).toString()).toBe('a');
    expect(q.indexOf(0x64, 0, 10)).toBe(2);
    expect(q.indexOf(0x64, 3, 10)).toBe(-1);
    expect(q.take(4).toString()).toBe('bcde');
    expect(q.take(10).toString()).toBe('f\n');
    expect(q.length).toBe(0);
    expect(q.take(3)).toEqual(Buffer.alloc(0));
  });
});

describe('StreamPeer over each family', () => {
  const families = [
    { family: 'ipv4', where: () => ({ host: '127.0.0.1' }) },
    { family: 'ipv6', where: () => ({ host: '::1' }) },
    { family: 'unix', where: () => ({ path: socketPath() }) },
  ] as const;
  for (const { family, where } of families) {
    it(`${family}: sends in chunks, reads exactly, half-closes and sees the FIN`, async (ctx) => {
      ctx.skip(family === 'ipv6' && !canBindIpv6, '::1 cannot be bound on this host (no IPv6 loopback)');
      const arrivals: number[] = [];
      const target = await serve(where(), (s) => {
        s.on('data', (d) => {
          arrivals.push(d.length);
          s.write(d);
        });
        s.on('end', () => s.end());
      });
      const peer = await connect(target);
      expect(peer.family).toBe(family);
      if ('path' in target) {
        expect(peer.remoteAddress).toBe(target.path);
      } else {
        expect([peer.localAddress, peer.remoteAddress, peer.remotePort]).toEqual([target.host, target.host, target.port]);
        expect(peer.localPort).toBeGreaterThan(0);
      }
      await peer.sendInChunks(Buffer.from('abcdefghij'), [3, 3, 4], 20);
      expect(await peer.read(10, 1000)).toEqual({ data: Buffer.from('abcdefghij'), outcome: 'complete' });
      expect(arrivals).toEqual([3, 3, 4]);
      peer.halfClose();
      expect(await peer.waitForEnd(1000)).toBe('fin');
      const types = peer.events.map((e) => e.type);
      expect(types.filter((t) => t === 'sent')).toHaveLength(3);
      expect(types).toEqual(expect.arrayContaining(['connect', 'received', 'fin-sent', 'fin-received']));
    });
  }
});

describe('StreamPeer connecting', () => {
  it('rejects a refused connection and a missing socket file with their codes', async () => {
    const target = await serve({ host: '127.0.0.1' }, () => {});
    await new Promise((r) => servers.pop()!.close(r));
    await expect(new StreamPeer('refused').connect(target, 1000)).rejects.toMatchObject({ name: 'ConnectError', code: 'ECONNREFUSED' });
    const missing = new StreamPeer('missing');
    await expect(missing.connect({ path: socketPath() }, 1000)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(missing.events.map((e) => [e.type, e.detail])).toEqual([['connect-failed', 'ENOENT']]);
  });

  it('gives up with ETIMEDOUT when nobody answers (a stopped listener with a full accept queue)', async (ctx) => {
    ctx.skip(process.platform !== 'linux', 'relies on Linux dropping SYNs to a full accept queue');
    const listener = 'const s = require("net").createServer().listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => console.log(s.address().port))';
    const child = spawn(process.execPath, ['-e', listener], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await within(new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString()))), 5000);
      const port = Number(line);
      process.kill(child.pid!, 'SIGSTOP');
      const codes: string[] = [];
      // The stopped listener's queue takes two connections (backlog + 1); after that the kernel drops SYNs.
      for (let i = 0; i < 4; i++) {
        const peer = new StreamPeer(`client ${i}`);
        peers.push(peer);
        codes.push(await peer.connect({ host: '127.0.0.1', port }, 300).then(() => 'connected', (e: { code: string }) => e.code));
      }
      expect(codes[0]).toBe('connected');
      expect(codes.at(-1)).toBe('ETIMEDOUT');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('StreamPeer reading', () => {
  it('ends a read early at FIN with what arrived, and at a bound without progress', async () => {
    const peer = await connect(await serve({ host: '127.0.0.1' }, (s) => s.end('par')));
    expect(await peer.read(10, 1000)).toEqual({ data: Buffer.from('par'), outcome: 'fin' });
    const quiet = await connect(await serve({ host: '127.0.0.1' }, () => {}), 'quiet');
    expect(await quiet.read(1, 50)).toEqual({ data: Buffer.alloc(0), outcome: 'timeout' });
  });

  it('aborts with a reset the server sees as ECONNRESET, and records a reset it receives', async () => {
    const { peer, server } = await serveOne();
    const serverSaw = new Promise<string | undefined>((resolve) => {
      server.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
      server.on('close', () => resolve(undefined));
    });
    peer.abort();
    expect(await serverSaw).toBe('ECONNRESET');

    const reset = await connect(await serve({ host: '127.0.0.1' }, (s) => s.once('data', () => s.resetAndDestroy())));
    reset.send('x');
    expect((await reset.read(1, 1000)).outcome).toBe('rst');
    expect(reset.events.some((e) => e.type === 'rst-received')).toBe(true);
  });

  it('reads lines split across segments, a line longer than maxBytes, and the rest at FIN', async () => {
    const peer = await connect(await serve({ host: '127.0.0.1' }, async (s) => {
      for (const part of ['hel', 'lo\nwor', 'ld\nno newline']) {
        s.write(part);
        await sleep(30);
      }
      s.end();
    }));
    expect(await peer.readLine(1000)).toEqual({ data: Buffer.from('hello\n'), outcome: 'complete' });
    expect(await peer.readLine(1000)).toEqual({ data: Buffer.from('world\n'), outcome: 'complete' });
    expect(await peer.readLine(1000, 4)).toEqual({ data: Buffer.from('no n'), outcome: 'complete' });
    expect(await peer.readLine(1000)).toEqual({ data: Buffer.from('ewline'), outcome: 'fin' });
    expect(peer.events.filter((e) => e.type === 'received')).toHaveLength(3);
  });

  it('reads until the end, or up to maxBytes leaving the rest pending', async () => {
    const whole = await connect(await serve({ host: '127.0.0.1' }, (s) => s.end('all of it')));
    expect(await whole.readUntilEnd(1000, 5000)).toEqual({ data: Buffer.from('all of it'), outcome: 'fin' });
    const capped = await connect(await serve({ host: '127.0.0.1' }, (s) => s.write('0123456789')));
    expect(await capped.readUntilEnd(1000, 5000, 4)).toEqual({ data: Buffer.from('0123'), outcome: 'complete' });
    expect(capped.pendingBytes).toBe(6);
  });
});

describe('StreamPeer with large streams and slow reading', () => {
  it('counts and hashes 64 MiB without keeping it, and keeps the transcript short', async () => {
    const total = 64 * 1024 * 1024;
    // Four distinct 64 KiB blocks in turn, never changed after a write queued them.
    const blocks = [0, 1, 2, 3].map((i) => Buffer.alloc(64 * 1024, `block ${i} `));
    const sent = createHash('sha256');
    const target = await serve({ host: '127.0.0.1' }, (s) => {
      let i = 0;
      const pump = () => {
        while (i * blocks[0]!.length < total) {
          const block = blocks[i++ % blocks.length]!;
          sent.update(block);
          if (!s.write(block)) return void s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });
    const peer = await connect(target);
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    let peakPending = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      peakPending = Math.max(peakPending, peer.pendingBytes);
    }, 10);
    const started = performance.now();
    const got = await peer.readAndCount(total, 5000, 60_000, { sha256: true });
    const ms = performance.now() - started;
    clearInterval(sampler);
    expect(got).toEqual({ bytes: total, outcome: 'complete', sha256: sent.digest('hex') });
    const growth = (peak - baseline) / 1024 / 1024;
    console.info(`readAndCount: 64 MiB in ${ms.toFixed(0)} ms (${(64 / (ms / 1000)).toFixed(0)} MiB/s), queued at most ${peakPending} B, buffer memory peak +${growth.toFixed(1)} MiB`);
    // Nothing waits in the queue between reads; buffer memory holds what GC has not freed yet, never the whole stream.
    expect(peakPending).toBeLessThanOrEqual(1024 * 1024);
    expect(growth).toBeLessThan(64);
    expect(await peer.waitForEnd(2000)).toBe('fin');
    const received = peer.events.filter((e) => e.type === 'received');
    expect(received.length).toBeLessThanOrEqual(17);
    expect(received.reduce((n, e) => n + (e.bytes ?? 0), 0)).toBe(total);
    expect(formatTranscript(received).at(-1)).toMatch(/received \d+ B in \d+ reads \(until [\d.]+ ms\)/);
  });

  it('pause() stops reading so the kernel buffers fill and the sender\'s write returns false; resume() takes it all', async () => {
    const { peer, server } = await serveOne();
    peer.pause();
    // Below the writable high-water mark, write() returns false only when the kernel would not take more.
    const chunk = Buffer.alloc(server.writableHighWaterMark / 2, 0x61);
    let written = 0;
    let full = false;
    for (let i = 0; i < 8192 && !full; i++) {
      full = !server.write(chunk);
      written += chunk.length;
      await new Promise((r) => setImmediate(r));
    }
    expect(full).toBe(true);
    expect(written).toBeGreaterThan(256 * 1024);
    expect(peer.pendingBytes).toBe(0);
    peer.resume();
    server.end();
    expect(await peer.readAndCount(Infinity, 2000, 20_000)).toEqual({ bytes: written, outcome: 'fin' });
    expect(peer.events.map((e) => e.type)).toEqual(expect.arrayContaining(['paused', 'resumed']));
  });
});

describe('StreamPeer when the grader itself stalls', () => {
  // Stalled in a timer callback, the loop polls for I/O before it runs timers again; stalled in a
  // check (setImmediate) callback, it runs the overdue timers first: a bare setTimeout bound fails there.
  for (const phase of ['timers', 'check'] as const) {
    it(`returns data that arrived during a 1.5 s stall (in the ${phase} phase) as complete, not as a 500 ms timeout`, async () => {
      const { peer, server } = await serveOne();
      const reading = peer.read(5, 500);
      const started = performance.now();
      const stallWhileDataArrives = () => {
        // The bytes reach the peer's kernel buffer at once; the stalled event loop reads them only later.
        server.write('hello');
        stallFor(1500);
      };
      setTimeout(() => (phase === 'timers' ? stallWhileDataArrives() : setImmediate(stallWhileDataArrives)), 100);
      expect(await reading).toEqual({ data: Buffer.from('hello'), outcome: 'complete' });
      console.info(`stall test (${phase}): data read ${(performance.now() - started).toFixed(0)} ms after the read began (1500 ms of it stalled)`);
    });
  }

  it('still ends a read with nothing coming as a timeout, after 500 ms of active time', async () => {
    const { peer } = await serveOne();
    const started = performance.now();
    const reading = peer.read(1, 500);
    setTimeout(() => stallFor(1500), 100);
    expect(await reading).toEqual({ data: Buffer.alloc(0), outcome: 'timeout' });
    const elapsed = performance.now() - started;
    console.info(`stall test: timeout after ${elapsed.toFixed(0)} ms of wall time, 1500 ms of it stalled`);
    // 100 ms before the stall, about 400 after it: the stall itself did not count.
    expect(elapsed).toBeGreaterThan(1850);
  });
});
