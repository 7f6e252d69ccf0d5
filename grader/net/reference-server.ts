// A server of the grader's own: for checks where the student writes the client, and to hold a
// port with a live listener. Each accepted connection becomes a StreamPeer with its own transcript.
import net from 'node:net';
import { EventSignal, startLabelledBound } from './event-signal.ts';
import { ListenError } from './net-errors.ts';
import { describeTarget, type StreamTarget } from './open-stream.ts';
import { StreamPeer } from './stream-peer.ts';
import type { TranscriptEvent } from './transcript.ts';

export interface ReferenceServerOptions {
  /** A script run for each accepted connection; what it throws is kept in `scriptErrors` and in that connection's transcript. */
  onConnection?: (peer: StreamPeer) => void | Promise<void>;
  /** listen(2)'s backlog (Node's default: 511). */
  backlog?: number;
}

export class ReferenceServer {
  /** Every connection accepted, in order: "server connection 1", "server connection 2", … */
  readonly connections: StreamPeer[] = [];
  readonly scriptErrors: unknown[] = [];
  /** Errors the listener reported after it listened (a failed accept, for one). */
  readonly errors: string[] = [];
  host = '';
  /** The port listened on (the one the kernel chose, for port 0); 0 for a Unix socket. */
  port = 0;
  path: string | undefined;
  private handedOut = 0;
  private closed = false;
  private readonly signal = new EventSignal();

  private constructor(private readonly server: net.Server, private readonly options: ReferenceServerOptions) {}

  /** Resolves once listening; a refused listen (EADDRINUSE, …) rejects with a ListenError holding the code. */
  static listen(where: StreamTarget, options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
    // allowHalfOpen: a connection's FIN from the student's client must not close the grader's side by itself.
    const server = net.createServer({ allowHalfOpen: true, noDelay: true });
    const ref = new ReferenceServer(server, options);
    server.on('connection', (socket) => ref.accept(socket));
    return new Promise((resolve, reject) => {
      const refused = (err: NodeJS.ErrnoException) => {
        const code = err.code ?? 'ERROR';
        reject(new ListenError(code, `the grader could not listen on ${describeTarget(where)}: ${code === 'EADDRINUSE' ? 'it is already in use' : err.message} (${code})`));
      };
      server.once('error', refused);
      server.listen({ ...where, backlog: options.backlog }, () => {
        server.off('error', refused);
        server.on('error', (err: NodeJS.ErrnoException) => ref.errors.push(err.code ?? err.message));
        const address = server.address();
        if (typeof address === 'string') ref.path = address;
        else if (address) ({ address: ref.host, port: ref.port } = address);
        resolve(ref);
      });
    });
  }

  private accept(socket: net.Socket): void {
    if (this.closed) return void socket.destroy();
    const peer = StreamPeer.fromSocket(`server connection ${this.connections.length + 1}`, socket, this.path);
    this.connections.push(peer);
    this.signal.notify();
    const script = this.options.onConnection;
    if (!script) return;
    void (async () => script(peer))().catch((err: unknown) => {
      this.scriptErrors.push(err);
      peer.record('error', { detail: `the grader's script failed: ${err instanceof Error ? err.message : String(err)}` });
    });
  }

  /** The next accepted connection not handed out yet, waiting up to `ms` of active time; undefined if none came. */
  async nextConnection(ms: number): Promise<StreamPeer | undefined> {
    const bound = startLabelledBound(ms, 'timeout');
    try {
      while (this.handedOut === this.connections.length && !this.closed) {
        if ((await this.signal.next(Infinity, bound)) !== 'event') break;
      }
      return this.handedOut < this.connections.length ? this.connections[this.handedOut++] : undefined;
    } finally {
      bound?.cancel();
    }
  }

  /** One transcript per connection (each peer's times count from its own accept). */
  transcripts(): { peer: string; events: TranscriptEvent[] }[] {
    return this.connections.map((c) => ({ peer: c.name, events: c.events }));
  }

  /** Stops listening and destroys every connection; resolves once the listener is closed (a Unix socket's file is removed). */
  close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
    for (const c of this.connections) c.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
