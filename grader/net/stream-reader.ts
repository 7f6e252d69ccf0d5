// The reading half of a stream peer: what arrived waits in a queue until a check reads it, and
// every read ends at what it asked for, the end of the stream, or a bound of active time.
import { createHash } from 'node:crypto';
import { ChunkQueue } from './chunk-queue.ts';
import { EventSignal, startLabelledBound } from './event-signal.ts';

/**
 * How a read ended: 'complete' (it got what it asked for), 'fin', 'rst', 'closed' (the socket
 * closed without either), 'timeout' (idleMs without progress) or 'deadline' (totalMs in all:
 * progress, but too slow).
 */
export type ReadOutcome = 'complete' | 'fin' | 'rst' | 'timeout' | 'deadline' | 'closed';

export interface ReadResult {
  data: Buffer;
  outcome: ReadOutcome;
}

export interface CountResult {
  bytes: number;
  outcome: ReadOutcome;
  /** Hex SHA-256 of the bytes read, when asked for. */
  sha256?: string;
}

const NEWLINE = 0x0a;

export abstract class StreamReader {
  protected readonly queue = new ChunkQueue();
  protected readonly signal = new EventSignal();
  protected finReceived = false;
  protected rstReceived = false;
  protected closed = false;
  private concluded = false;

  /**
   * Ends the read in progress now, as if its idle bound had run out: for a caller that has
   * conclusive evidence (from the kernel) that nothing more is coming.
   */
  concludeNow(): void {
    this.concluded = true;
    this.signal.notify();
  }

  /** Bytes that arrived and have not been read yet. */
  get pendingBytes(): number {
    return this.queue.length;
  }

  /** Reads exactly `n` bytes; when it stops early, it returns whatever had arrived. */
  async read(n: number, idleMs: number, totalMs = Infinity): Promise<ReadResult> {
    const outcome = await this.readUntil(() => this.queue.length >= n, idleMs, totalMs);
    return { data: this.queue.take(outcome === 'complete' ? n : this.queue.length), outcome };
  }

  /**
   * Reads up to and including the next '\n'. 'complete' also when `maxBytes` arrived without one:
   * then `data` is those `maxBytes` and does not end in '\n'.
   */
  async readLine(idleMs: number, maxBytes = 64 * 1024, totalMs = Infinity): Promise<ReadResult> {
    let scanned = 0;
    let end = -1;
    const outcome = await this.readUntil(() => {
      end = this.queue.indexOf(NEWLINE, scanned, maxBytes);
      scanned = Math.min(this.queue.length, maxBytes);
      return end !== -1 || this.queue.length >= maxBytes;
    }, idleMs, totalMs);
    return { data: this.queue.take(end !== -1 ? end + 1 : maxBytes), outcome };
  }

  /** Reads `n` bytes (Infinity: up to the end) and throws them away as they come, counting and optionally hashing them. */
  async readAndCount(n: number, idleMs: number, totalMs = Infinity, options: { sha256?: boolean } = {}): Promise<CountResult> {
    const hash = options.sha256 ? createHash('sha256') : undefined;
    let bytes = 0;
    const outcome = await this.readUntil(() => {
      const piece = Math.min(n - bytes, this.queue.length);
      this.queue.drain(piece, (p) => hash?.update(p));
      bytes += piece;
      return bytes >= n;
    }, idleMs, totalMs);
    return hash ? { bytes, outcome, sha256: hash.digest('hex') } : { bytes, outcome };
  }

  /**
   * Reads everything up to the end of the stream (outcome 'fin', 'rst' or 'closed'); 'complete'
   * means `maxBytes` arrived first: those are returned and the rest stays pending.
   */
  async readUntilEnd(idleMs: number, totalMs = Infinity, maxBytes = 16 * 1024 * 1024): Promise<ReadResult> {
    const outcome = await this.readUntil(() => this.queue.length >= maxBytes, idleMs, totalMs);
    return { data: this.queue.take(maxBytes), outcome };
  }

  /** Waits for the other side to close its side: 'fin', 'rst', or 'timeout' after `ms` (or once the socket closed without either). */
  async waitForEnd(ms: number): Promise<'fin' | 'rst' | 'timeout'> {
    const bound = startLabelledBound(ms, 'timeout');
    this.concluded = false;
    try {
      for (;;) {
        if (this.concluded) return 'timeout';
        if (this.rstReceived) return 'rst';
        if (this.finReceived) return 'fin';
        if (this.closed) return 'timeout';
        if ((await this.signal.next(Infinity, bound)) !== 'event') return 'timeout';
      }
    } finally {
      bound?.cancel();
    }
  }

  /** Asks `ready` again at every event until it says done, the stream ends, or a bound runs out. */
  private async readUntil(ready: () => boolean, idleMs: number, totalMs: number): Promise<ReadOutcome> {
    const deadline = startLabelledBound(totalMs, 'deadline');
    this.concluded = false;
    try {
      for (;;) {
        if (ready()) return 'complete';
        if (this.concluded) return 'timeout';
        const ended = this.rstReceived ? 'rst' : this.finReceived ? 'fin' : this.closed ? 'closed' : undefined;
        if (ended) return ended;
        const woke = await this.signal.next(idleMs, deadline);
        if (woke !== 'event') return woke;
      }
    } finally {
      deadline?.cancel();
    }
  }
}
