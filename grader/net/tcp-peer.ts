// A scripted TCP client: connects, sends (whole or in chunks), reads exactly what it expects,
// half-closes or aborts with RST, and records everything in a transcript.
import net from 'node:net';
import { previewBytes, type TranscriptEvent, type TranscriptEventType } from './transcript.ts';

export type ReadOutcome = 'complete' | 'fin' | 'rst' | 'timeout' | 'deadline' | 'closed';

export interface ReadResult {
  data: Buffer;
  outcome: ReadOutcome;
}

export class ConnectError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class TcpPeer {
  readonly events: TranscriptEvent[] = [];
  private readonly created = performance.now();
  private socket!: net.Socket;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private finReceived = false;
  private rstReceived = false;
  private closed = false;
  private wake: (() => void)[] = [];
  private connectTimer: NodeJS.Timeout | undefined;
  localPort = 0;

  constructor(readonly name: string) {}

  record(type: TranscriptEventType, extra: Omit<TranscriptEvent, 't' | 'type'> = {}): void {
    this.events.push({ t: performance.now() - this.created, type, ...extra });
  }

  connect(host: string, port: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      // allowHalfOpen: the server's FIN and ours are separate events we want to see.
      const socket = net.connect({ host, port, allowHalfOpen: true, noDelay: true });
      this.socket = socket;
      const timer = (this.connectTimer = setTimeout(() => {
        socket.destroy();
        this.record('connect-failed', { detail: 'timeout' });
        reject(new ConnectError('ETIMEDOUT', `no answer to the connection request within ${timeoutMs} ms`));
      }, timeoutMs));
      socket.once('connect', () => {
        clearTimeout(timer);
        this.localPort = socket.localPort ?? 0;
        this.record('connect', { detail: `local port ${this.localPort}` });
        this.attach();
        resolve();
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (this.localPort) return;
        clearTimeout(timer);
        this.record('connect-failed', { detail: err.code });
        reject(new ConnectError(err.code ?? 'ERROR', err.message));
      });
    });
  }

  private attach(): void {
    const s = this.socket;
    s.on('data', (chunk: Buffer) => {
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
      this.record('received', { bytes: chunk.length, preview: previewBytes(chunk) });
      this.notify();
    });
    s.on('end', () => {
      this.finReceived = true;
      this.record('fin-received');
      this.notify();
    });
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET') {
        this.rstReceived = true;
        this.record('rst-received', { detail: err.code });
      } else {
        this.record('error', { detail: err.code ?? err.message });
      }
      this.notify();
    });
    s.on('close', () => {
      this.closed = true;
      this.record('closed');
      this.notify();
    });
  }

  private notify(): void {
    const waiters = this.wake;
    this.wake = [];
    for (const w of waiters) w();
  }

  /** Resolves at the next event on this connection, or after `ms`. */
  private nextEvent(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.wake.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  send(data: Buffer | string): void {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    this.record('sent', { bytes: buf.length, preview: previewBytes(buf) });
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(buf);
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
      if (offset < data.length) await new Promise((r) => setTimeout(r, gapMs));
    }
  }

  /**
   * Reads exactly `n` bytes, or stops early at FIN, RST, close, `idleMs` without progress
   * ('timeout'), or `totalMs` in all ('deadline': progress, but too slow).
   */
  async read(n: number, idleMs: number, totalMs = Infinity): Promise<ReadResult> {
    const deadline = performance.now() + totalMs;
    for (;;) {
      if (this.bufferedBytes >= n) return { data: this.take(n), outcome: 'complete' };
      const stopped = this.rstReceived ? 'rst' : this.finReceived ? 'fin' : this.closed ? 'closed' : undefined;
      if (stopped) return { data: this.take(this.bufferedBytes), outcome: stopped };
      const left = deadline - performance.now();
      if (left <= 0) return { data: this.take(this.bufferedBytes), outcome: 'deadline' };
      if (!(await this.nextEvent(Math.min(idleMs, left)))) {
        if (performance.now() < deadline) return { data: this.take(this.bufferedBytes), outcome: 'timeout' };
      }
    }
  }

  /** Bytes that arrived and have not been read yet. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  private take(n: number): Buffer {
    const all = Buffer.concat(this.buffered);
    this.buffered = n < all.length ? [all.subarray(n)] : [];
    this.bufferedBytes = all.length - n;
    return all.subarray(0, n);
  }

  /** Waits for the server to close its side: 'fin', 'rst', or 'timeout' after `ms`. */
  async waitForEnd(ms: number): Promise<'fin' | 'rst' | 'timeout'> {
    const deadline = performance.now() + ms;
    for (;;) {
      if (this.rstReceived) return 'rst';
      if (this.finReceived) return 'fin';
      const left = deadline - performance.now();
      if (left <= 0 || this.closed) return 'timeout';
      await this.nextEvent(left);
    }
  }

  /** shutdown(SHUT_WR): our FIN; we can still read. */
  halfClose(): void {
    this.record('fin-sent');
    this.socket.end();
  }

  /** Aborts with RST (SO_LINGER 0 + close). */
  abort(): void {
    this.record('rst-sent');
    this.socket.resetAndDestroy();
  }

  destroy(): void {
    clearTimeout(this.connectTimer);
    if (!this.socket?.destroyed) this.socket?.destroy();
  }
}
