// A scripted UDP peer: binds an ephemeral port, sends datagrams, and keeps every datagram it
// receives in a queue until a check asks for it, so one that arrives early is never lost.
import { GraderTimeout } from '../errors.ts';
import dgram from 'node:dgram';
import net from 'node:net';
import { startStallMonitor } from '../timing.ts';
import { EventSignal, startLabelledBound } from './event-signal.ts';
import { ListenError } from './net-errors.ts';
import { formatEndpoint, previewBytes, type TranscriptEvent, type TranscriptEventType } from './transcript.ts';

export interface Datagram {
  data: Buffer;
  from: { address: string; port: number };
}

export interface UdpTarget {
  host: string;
  port: number;
}

export class UdpPeer {
  readonly events: TranscriptEvent[] = [];
  /** Codes of the errors the socket reported: ICMP errors such as ECONNREFUSED on a connected socket, EMSGSIZE, … */
  readonly errors: string[] = [];
  localAddress = '';
  localPort = 0;
  private socket?: dgram.Socket;
  private connectedTo?: UdpTarget;
  private readonly queue: Datagram[] = [];
  private readonly signal = new EventSignal();
  private closed = false;
  private closing?: Promise<void>;
  private readonly created = performance.now();

  constructor(readonly name: string) {
    startStallMonitor();
  }

  record(type: TranscriptEventType, extra: Omit<TranscriptEvent, 't' | 'type'> = {}): void {
    this.events.push({ t: performance.now() - this.created, type, ...extra });
  }

  /** Binds an ephemeral port on `host` (udp6 for an IPv6 literal); rejects with the errno's code on failure. */
  bind(host = '127.0.0.1'): Promise<void> {
    const socket = dgram.createSocket(net.isIP(host) === 6 ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', (data, rinfo) => {
      this.queue.push({ data, from: { address: rinfo.address, port: rinfo.port } });
      this.record('datagram-received', { bytes: data.length, preview: previewBytes(data), from: formatEndpoint(rinfo.address, rinfo.port) });
      this.signal.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.record('closed');
      this.signal.notify();
    });
    return new Promise((resolve, reject) => {
      const refused = (err: NodeJS.ErrnoException) => {
        socket.close();
        reject(new ListenError(this.noteError(err), `the grader could not bind a UDP port on ${host}: ${err.message}`));
      };
      socket.once('error', refused);
      socket.bind(0, host, () => {
        socket.off('error', refused);
        socket.on('error', (err: NodeJS.ErrnoException) => this.noteError(err));
        ({ address: this.localAddress, port: this.localPort } = socket.address());
        this.record('bound', { detail: formatEndpoint(this.localAddress, this.localPort) });
        resolve();
      });
    });
  }

  /** Fixes the peer (connect(2)): then only its datagrams are received, and its ICMP errors are reported. */
  connect(target: UdpTarget): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket!.connect(target.port, target.host, (err?: Error) => {
        if (err) return reject(err);
        this.connectedTo = target;
        this.record('connect', { detail: `to ${formatEndpoint(target.host, target.port)}` });
        resolve();
      });
    });
  }

  /** Sends one datagram (to the connected peer when `to` is left out); resolves with the error's code, if any. */
  send(data: Buffer | string, to?: UdpTarget): Promise<string | undefined> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    const dest = to ?? this.connectedTo;
    this.record('datagram-sent', { bytes: buf.length, preview: previewBytes(buf), ...(dest ? { to: formatEndpoint(dest.host, dest.port) } : {}) });
    return new Promise((resolve) => {
      const done = (err: Error | null) => resolve(err ? this.noteError(err) : undefined);
      try {
        if (to && !this.connectedTo) this.socket!.send(buf, to.port, to.host, done);
        else this.socket!.send(buf, done);
      } catch (err) {
        done(err as Error);
      }
    });
  }

  /** True once the socket is closed (by the check, or by the harness when the check ended). */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The next datagram, or undefined after `idleMs` of active time with none. On a closed socket with
   * nothing queued it throws: a loop that kept asking would spin without ever yielding to a timer.
   */
  async receive(idleMs: number): Promise<Datagram | undefined> {
    if (this.closed && this.queue.length === 0) throw new GraderTimeout(`${this.name} was closed; the check went on receiving after the grader had ended it`);
    const bound = startLabelledBound(idleMs, 'timeout');
    try {
      for (;;) {
        if (this.queue.length > 0 || this.closed) return this.queue.shift();
        if ((await this.signal.next(Infinity, bound)) !== 'event') return this.queue.shift();
      }
    } finally {
      bound?.cancel();
    }
  }

  /** Up to `count` datagrams; it stops early once `idleMs` pass without a new one. */
  async receiveMany(count: number, idleMs: number): Promise<Datagram[]> {
    const got: Datagram[] = [];
    while (got.length < count && !(this.closed && this.queue.length === 0)) {
      const next = await this.receive(idleMs);
      if (!next) break;
      got.push(next);
    }
    return got;
  }

  /** Datagrams that arrived and have not been received yet. */
  get pendingDatagrams(): number {
    return this.queue.length;
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closed) return Promise.resolve();
    this.closing ??= new Promise((resolve) => socket.close(() => resolve()));
    return this.closing;
  }

  destroy(): void {
    void this.close();
  }

  private noteError(err: NodeJS.ErrnoException): string {
    const code = err.code ?? err.message;
    this.errors.push(code);
    this.record('error', { detail: err.syscall ? `${code} (${err.syscall})` : code });
    this.signal.notify();
    return code;
  }
}
