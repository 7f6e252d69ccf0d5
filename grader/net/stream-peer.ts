// A scripted stream peer: a client over TCP (IPv4 or IPv6) or a Unix socket, or the grader's side
// of a connection a reference server accepted. It sends as a check says (whole or in chunks), reads
// what it expects (stream-reader.ts), half-closes or resets, and records everything in a transcript.
import net from 'node:net';
import { sleep, startStallMonitor } from '../timing.ts';
import { ConnectError } from './net-errors.ts';
import { openStream, type StreamTarget } from './open-stream.ts';
import { StreamReader } from './stream-reader.ts';
import { appendReceived, formatEndpoint, previewBytes, type TranscriptEvent, type TranscriptEventType } from './transcript.ts';

export { ConnectError, ListenError } from './net-errors.ts';
export type { StreamTarget } from './open-stream.ts';
export type { CountResult, ReadOutcome, ReadResult } from './stream-reader.ts';

export type StreamFamily = 'ipv4' | 'ipv6' | 'unix';

export class StreamPeer extends StreamReader {
  readonly events: TranscriptEvent[] = [];
  family: StreamFamily = 'ipv4';
  /** Addresses once connected; a Unix socket's unnamed side is ''. */
  localAddress = '';
  localPort = 0;
  remoteAddress = '';
  remotePort = 0;
  private readonly created = performance.now();
  private socket?: net.Socket;

  constructor(readonly name: string) {
    super();
    startStallMonitor();
  }

  /** Wraps a connection a server accepted; `unixPath` names the listening socket's file, if it is one. */
  static fromSocket(name: string, socket: net.Socket, unixPath = ''): StreamPeer {
    const peer = new StreamPeer(name);
    peer.adopt(socket);
    if (peer.family === 'unix') peer.localAddress = unixPath;
    peer.record('accepted', { detail: peer.family === 'unix' ? `on ${unixPath || 'a Unix socket'}` : `from ${formatEndpoint(peer.remoteAddress, peer.remotePort)}` });
    return peer;
  }

  record(type: TranscriptEventType, extra: Omit<TranscriptEvent, 't' | 'type'> = {}): void {
    this.events.push({ t: performance.now() - this.created, type, ...extra });
  }

  /** Connects; a refused, missing or unanswered endpoint rejects with ConnectError (ECONNREFUSED, ENOENT, ETIMEDOUT, …). */
  connect(target: StreamTarget, timeoutMs: number): Promise<void>;
  /** The form lesson 5's harness calls. */
  connect(host: string, port: number, timeoutMs: number): Promise<void>;
  async connect(targetOrHost: StreamTarget | string, timeoutOrPort: number, legacyTimeoutMs?: number): Promise<void> {
    const target = typeof targetOrHost === 'string' ? { host: targetOrHost, port: timeoutOrPort } : targetOrHost;
    const timeoutMs = typeof targetOrHost === 'string' ? legacyTimeoutMs! : timeoutOrPort;
    this.family = 'path' in target ? 'unix' : net.isIP(target.host) === 6 ? 'ipv6' : 'ipv4';
    const { socket, connected } = openStream(target, timeoutMs);
    this.socket = socket;
    try {
      await connected;
    } catch (err) {
      this.record('connect-failed', { detail: err instanceof ConnectError ? err.code : String(err) });
      throw err;
    }
    this.adopt(socket);
    if ('path' in target) this.remoteAddress = target.path;
    this.record('connect', {
      detail: 'path' in target ? `to ${target.path}` : `from ${formatEndpoint(this.localAddress, this.localPort)} to ${formatEndpoint(this.remoteAddress, this.remotePort)}`,
    });
  }

  private adopt(socket: net.Socket): void {
    this.socket = socket;
    socket.allowHalfOpen = true;
    socket.setNoDelay(true);
    this.family = socket.remoteFamily === 'IPv6' ? 'ipv6' : socket.remoteFamily === 'IPv4' ? 'ipv4' : 'unix';
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    socket.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      appendReceived(this.events, performance.now() - this.created, chunk);
      this.signal.notify();
    });
    socket.on('end', () => {
      this.finReceived = true;
      this.record('fin-received');
      this.signal.notify();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET') this.rstReceived = true;
      this.record(err.code === 'ECONNRESET' ? 'rst-received' : 'error', { detail: err.code ?? err.message });
      this.signal.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.record('closed');
      this.signal.notify();
    });
  }

  /** Queues `data` for sending; false when the socket's buffer is full (or it can no longer send). */
  send(data: Buffer | string): boolean {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    this.record('sent', { bytes: buf.length, preview: previewBytes(buf) });
    const s = this.socket;
    return s !== undefined && !s.destroyed && s.writable ? s.write(buf) : false;
  }

  /**
   * Sends `data` as separate writes of the given sizes (the last size repeats), waiting `gapMs`
   * between them so each reaches the peer as its own segment: how a check splits a message.
   */
  async sendInChunks(data: Buffer, sizes: number[], gapMs = 5): Promise<void> {
    let offset = 0;
    for (let i = 0; offset < data.length; i++) {
      const size = Math.max(1, sizes[Math.min(i, sizes.length - 1)]!);
      this.send(data.subarray(offset, offset + size));
      offset += size;
      // Pacing, not a bound: a late gap changes no verdict.
      if (offset < data.length) await sleep(gapMs);
    }
  }

  /**
   * A slow reader: nothing more is taken from the kernel (beyond Node's own small buffer) until
   * resume(), so the kernel's buffers fill and the sender is held back. Reads meanwhile see no progress.
   */
  /** Bytes this peer has written that Node has not yet handed to the kernel. */
  get unsentBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  pause(): void {
    this.record('paused');
    this.socket?.pause();
  }

  resume(): void {
    this.record('resumed');
    this.socket?.resume();
  }

  /** shutdown(SHUT_WR): our FIN; we can still read. */
  halfClose(): void {
    this.record('fin-sent');
    this.socket?.end();
  }

  /** Aborts with RST (SO_LINGER 0 + close). A Unix socket has no RST: it is closed at once instead. */
  abort(): void {
    if (this.family === 'unix') {
      this.record('aborted', { detail: 'Unix sockets have no RST: closed at once' });
      this.socket?.destroy();
      return;
    }
    this.record('rst-sent');
    this.socket?.resetAndDestroy();
  }

  /** Closes at once, whatever state the connection is in (also a connection still being established). */
  destroy(): void {
    if (this.socket && !this.socket.destroyed) this.socket.destroy();
  }
}
