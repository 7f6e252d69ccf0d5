// What a check works with: the program under test (started on demand), reference peers, kernel
// readers and a seeded random source. It is the check's scope: everything it starts, and every
// teardown a check or helper registers with defer(), is undone when the check ends.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraderTimeout } from '../errors.ts';
import { describeConnectFailure } from '../messages/connect.ts';
import { reservePort, type PortReservation } from '../net/reserve-port.ts';
import { ReferenceServer, type ReferenceServerOptions } from '../net/reference-server.ts';
import { ConnectError, StreamPeer, type StreamTarget } from '../net/stream-peer.ts';
import { UdpPeer } from '../net/udp-peer.ts';
import type { PeerTranscript } from '../net/transcript.ts';
import { languageOf, type Language } from '../process/program-spec.ts';
import type { Endpoint } from './endpoints.ts';
import { KernelView } from './kernel-view.ts';
import type { ProgramSource } from './program-source.ts';
import { createRng, type Rng } from './rng.ts';
import { startProgram, type Program } from './start-program.ts';
import { MEMORY_CAP_BYTES } from './watch-memory.ts';
import { connectWhenListening, CONNECT_TIMEOUT_MS, launchInOwnFolder, stopAndSweep } from './harness-parts.ts';
import { makeFolder } from './run-folder.ts';
import { nameTranscripts, sharedOnly } from './name-transcripts.ts';
import { waitForReady } from './wait-for-ready.ts';

/** Endpoint names a lesson or check uses: the host's TCP or UDP port, the same on ::1, or SOCKET_PATH. */
export type EndpointName = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'unix';

export interface StartOptions {
  /** What the program must bind before it counts as started (default: the lesson's, else ['tcp']); [] for none. */
  endpoints?: EndpointName[];
  /** Extra environment: the lesson's own variables (IDLE_MS, …). */
  env?: Record<string, string>;
  readyWithinMs?: number;
  /** Runs after the port and path are chosen, before the program starts (e.g. leave a stale socket file). */
  beforeLaunch?: (where: { port: number; socketPath: string }) => void | Promise<void>;
  /** Start on this program's port again (a restart) instead of a fresh port. */
  samePortAs?: Program;
  memoryCapBytes?: number;
}

export interface HarnessOptions {
  source: ProgramSource;
  seed: number;
  host?: string;
  /** The lesson's defaults for start(). */
  defaults?: Pick<StartOptions, 'endpoints' | 'env' | 'readyWithinMs'>;
}

export class Harness {
  readonly host: string;
  readonly rng: Rng;
  readonly kernel: KernelView;
  /** What the grader noticed beside the verdict (an escaped process, …), for the report. */
  readonly notes: string[] = [];
  /** True when this check ran on the shared copy after another check had used it. */
  usedSharedAfterOthers = false;
  usedShared = false;
  private readonly programs: Program[] = [];
  private readonly owned = new Set<Program>();
  private readonly clients = new Set<Program>();
  private readonly reservations: PortReservation[] = [];
  private readonly peers: { name: string; events: PeerTranscript['events']; destroy(): void }[] = [];
  private readonly servers: ReferenceServer[] = [];
  private readonly deferred: (() => unknown)[] = [];
  private readonly borrowed: { transcripts(): PeerTranscript[] }[] = [];
  /** How many peers and servers the shared observation this check held had used. */
  private sharedMark: { peers: number; servers: number } | undefined;
  private dir: string | undefined;
  private sharedSocketPath: string | undefined;
  private closed = false;
  private markStarted!: () => void;
  /** Resolves when the check's first start() has its program ready (the runner's patience counts from there). */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(private readonly options: HarnessOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.rng = createRng(options.seed);
    this.kernel = new KernelView(() => this.port);
  }

  /** The port of the program started last (or of the last reference server, in a client lesson). */
  get port(): number {
    const p = this.programs.at(-1)?.port ?? this.reservations.at(-1)?.port;
    if (p === undefined) throw new Error('no port yet: start the program or a reference server first');
    return p;
  }

  /** The language the program is written in, as far as its file or command tells (for advice in its terms). */
  get language(): Language {
    return languageOf(this.options.source.spec);
  }

  /** Where the program's Unix socket goes (SOCKET_PATH): a fresh folder per check. */
  get socketPath(): string {
    if (this.sharedSocketPath) return this.sharedSocketPath;
    // A check given up on may still ask after its teardown: a name then, but no folder left behind.
    if (this.closed && !this.dir) return join(tmpdir(), 'handshake-check-ended', 'program.sock');
    this.dir ??= makeFolder();
    return join(this.dir, 'program.sock');
  }

  /** The program started last (the one the output tail belongs to). */
  get program(): Program | undefined {
    return this.programs.at(-1);
  }

  /** Registers teardown work; it runs when the check ends, last registered first, whatever happened. */
  defer(fn: () => unknown): void {
    this.deferred.push(fn);
  }

  /**
   * Starts the program under test and resolves once it has bound its endpoints. A check on the
   * lesson's shared copy (not `fresh`) that asks only for `endpoints` or `readyWithinMs` gets that
   * copy, and waits until it serves those endpoints too; any other option launches a copy of its own.
   */
  async start(options: StartOptions = {}): Promise<Program> {
    this.ensureOpen();
    const { source } = this.options;
    const keys = Object.keys(options);
    const isDefault = keys.length === 0;
    if (source.shared && keys.every((k) => k === 'endpoints' || k === 'readyWithinMs')) {
      // Endpoint-specific starts skip the gate: a copy that does not serve one endpoint may serve the others.
      const gated = isDefault ? source.gate.run.bind(source.gate) : <T>(f: () => Promise<T>) => f();
      const { program, first } = await gated(() => source.shared!.acquire(() => launchInOwnFolder((socketFile) => this.launch(options, false, undefined, socketFile, !isDefault), this.notes, this.usesSocketPath(options))));
      this.usedShared = true;
      this.usedSharedAfterOthers ||= !first;
      this.sharedSocketPath = program.socketPath;
      this.programs.push(program);
      this.ensureOpen();
      this.markStarted();
      if (!first && options.endpoints) {
        const endpoints = options.endpoints.map((n) => this.endpoint(n, program.socketPath));
        await waitForReady({ program, env: program.env, port: program.port, endpoints }, options.readyWithinMs ?? this.options.defaults?.readyWithinMs);
      }
      return program;
    }
    const program = await (isDefault ? source.gate.run(() => this.launch(options, true)) : this.launch(options, true));
    this.markStarted();
    return program;
  }

  /**
   * One observation for several checks: the first check to ask runs `observe` with its own harness
   * (its programs and peers, its teardown); the others get what it returned. Resolves undefined when
   * the observation threw: each check then judges the program its own way. Use it for a pass only:
   * a check that does not pass on it runs its own conversation, so its failure is its own.
   */
  async observeOnce<T>(key: string, observe: (h: Harness) => Promise<T>): Promise<T | undefined> {
    const observations = this.options.source.observations;
    if (!observations) return undefined;
    let observation = observations.get(key);
    if (!observation) {
      const seen = observe(this).finally(() => (this.sharedMark = { peers: this.peers.length, servers: this.servers.length }));
      observation = { seen, by: { transcripts: () => sharedOnly(this.transcripts()) } };
      observations.set(key, observation);
    } else {
      // Its peers' transcripts show in this check's report too (--verbose): the conversation it was judged on.
      this.borrowed.push(observation.by);
    }
    return (observation.seen as Promise<T>).catch(() => undefined);
  }

  /** Starts the program as a client of `target` (HOST/PORT or SOCKET_PATH name it); nothing to wait for. */
  startClient(target: ReferenceServer, options: Omit<StartOptions, 'endpoints' | 'samePortAs'> = {}): Promise<Program> {
    const env: Record<string, string> = target.path ? { SOCKET_PATH: target.path } : { HOST: target.host, PORT: String(target.port) };
    return this.launch({ ...options, endpoints: [], env: { ...env, ...options.env } }, true, target.port);
  }

  /** `patientFromLaunch`: the runner's patience counts from the launch, not from readiness (a shared copy asked for one endpoint). */
  private async launch(options: StartOptions, owned: boolean, clientOf?: number, socketFile?: string, patientFromLaunch = false): Promise<Program> {
    const defaults = this.options.defaults ?? {};
    const names = options.endpoints ?? defaults.endpoints ?? ['tcp'];
    let port = clientOf ?? options.samePortAs?.port;
    if (port === undefined) {
      const reservation = await reservePort();
      this.reservations.push(reservation);
      if (this.closed) reservation.release();
      port = reservation.port;
    }
    this.ensureOpen();
    // A lesson whose program serves a Unix socket gets SOCKET_PATH in every copy, whichever endpoint a check waits for.
    const socketPath = names.includes('unix') || this.usesSocketPath(options) ? (socketFile ?? this.socketPath) : undefined;
    const endpoints = names.map((n) => this.endpoint(n, socketPath));
    const env: Record<string, string> = { HOST: this.host, PORT: String(port), ...(socketPath ? { SOCKET_PATH: socketPath } : {}), ...defaults.env, ...options.env };
    await options.beforeLaunch?.({ port, socketPath: socketPath ?? this.socketPath });
    this.ensureOpen();
    const { program, ready } = await startProgram({
      spec: this.options.source.spec,
      host: this.host,
      port,
      socketPath,
      env,
      endpoints,
      readyWithinMs: options.readyWithinMs ?? defaults.readyWithinMs,
      memoryCapBytes: options.memoryCapBytes ?? MEMORY_CAP_BYTES,
    });
    this.programs.push(program);
    // A copy that does not serve this endpoint soon is given up on and judged on a fresh copy, like a slow check.
    if (patientFromLaunch) this.markStarted();
    if (owned) this.owned.add(program);
    if (clientOf !== undefined) this.clients.add(program);
    if (this.closed) await program.stop();
    this.ensureOpen();
    // A copy that never got ready is this check's to stop, even one meant to be shared.
    await ready.catch((err) => (this.owned.add(program), Promise.reject(err)));
    return program;
  }

  /** Whether a copy started with these options gets SOCKET_PATH (see launch). */
  private usesSocketPath(options: StartOptions): boolean {
    return [...(options.endpoints ?? []), ...(this.options.defaults?.endpoints ?? [])].includes('unix') || options.env?.SOCKET_PATH !== undefined;
  }

  private endpoint(name: EndpointName, socketPath: string | undefined): Endpoint {
    if (name === 'unix') return { kind: 'unix', path: socketPath! };
    const host = name.endsWith('6') ? '::1' : this.host;
    return { kind: name.startsWith('tcp') ? 'tcp' : 'udp', host };
  }

  /** Connects a reference client; a refused or unanswered connection fails the check in the student's terms. */
  async connect(name = `client ${this.peers.length + 1}`, target?: StreamTarget): Promise<StreamPeer> {
    const result = await this.tryConnect(name, target);
    if (result instanceof ConnectError) throw await describeConnectFailure(this, name, result);
    return result;
  }

  /** Like connect(), but hands back the refusal instead of failing. */
  async tryConnect(name = `client ${this.peers.length + 1}`, target?: StreamTarget): Promise<StreamPeer | ConnectError> {
    this.ensureOpen();
    const to = target ?? { host: this.host, port: this.port };
    const peer = new StreamPeer(name);
    this.peers.push(peer);
    try {
      // Without /proc, the first client is how we learn that a TCP program listens.
      if ('port' in to && !this.kernel.available && this.peers.length === 1 && this.program) await connectWhenListening(peer, to, this.program);
      else await peer.connect(to, CONNECT_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof ConnectError) return err;
      throw err;
    }
    if (this.closed) peer.destroy();
    this.ensureOpen();
    return peer;
  }

  /** A UDP socket of the grader's, bound to an ephemeral port on `host` (default: the check's host). */
  async udp(name = `udp client ${this.peers.length + 1}`, host = this.host): Promise<UdpPeer> {
    this.ensureOpen();
    const peer = new UdpPeer(name);
    this.peers.push(peer);
    await peer.bind(host);
    return peer;
  }

  /** A reference server of the grader's: on a fresh reserved port, or on `port` (to hold a program's port). */
  async serve(options: { port?: number; path?: string; host?: string } & ReferenceServerOptions = {}): Promise<ReferenceServer> {
    this.ensureOpen();
    let port = options.port;
    if (port === undefined && options.path === undefined) {
      const reservation = await reservePort();
      this.reservations.push(reservation);
      port = reservation.port;
    }
    const { onConnection, backlog } = options;
    const server = await ReferenceServer.listen(options.path !== undefined ? { path: options.path } : { host: options.host ?? this.host, port: port! }, { onConnection, backlog });
    this.defer(() => server.close());
    this.servers.push(server);
    return server;
  }

  outputTail(lines = 12): string[] {
    return this.program?.output.lastLines(lines) ?? [];
  }

  /** Every peer's transcript; those of a shared observation (held here or borrowed) are named so. */
  transcripts(): PeerTranscript[] {
    return [...this.borrowed.flatMap((h) => h.transcripts()), ...nameTranscripts(this.peers, this.servers, this.sharedMark)];
  }

  /** The cap a program of this check was stopped at, if any. */
  limitHit(): string | undefined {
    return this.programs.map((p) => p.limitHit()).find(Boolean);
  }

  private ensureOpen(): void {
    if (this.closed) throw new GraderTimeout('the check went on after the grader had ended it');
  }

  /** Always runs, whatever the check did: peers closed, programs stopped, deferred work done, ports released. */
  async teardown(): Promise<void> {
    this.closed = true;
    for (const peer of this.peers) peer.destroy();
    await Promise.all([...this.owned].map((p) => stopAndSweep(p, this.notes, { client: this.clients.has(p) })));
    for (const fn of this.deferred.reverse()) await fn();
    for (const r of this.reservations) r.release();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
