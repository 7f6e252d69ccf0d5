// What a check works with: the program under test (started on demand), reference peers,
// kernel readers and a seeded random source. It owns every resource and tears all of it down.
import { CheckFailure, GraderTimeout } from '../errors.ts';
import { canReadKernelSockets, connectionSockets, findServerSide, readTcpSockets, socketsOnPort, type TcpSocket } from '../kernel/proc-net-tcp.ts';
import { groupCpu, type CpuSample } from '../kernel/proc-processes.ts';
import { reservePort, type PortReservation } from '../net/reserve-port.ts';
import { ConnectError, TcpPeer } from '../net/tcp-peer.ts';
import { CompileError } from '../process/compile-typescript.ts';
import { launchProgram, type RunningProgram } from '../process/launch-program.ts';
import { resolveLaunch, type ProgramSpec } from '../process/program-spec.ts';
import { invocationDir } from '../paths.ts';
import type { PeerTranscript } from '../types.ts';
import { createRng, type Rng } from './rng.ts';
import { exitedBeforeListening, LISTEN_TIMEOUT_MS, waitForListener } from './wait-for-listener.ts';
import { sleep } from '../timing.ts';

export const CONNECT_TIMEOUT_MS = 3000;

export interface HarnessOptions {
  program: ProgramSpec;
  seed: number;
  host?: string;
}

export class Harness {
  readonly host: string;
  readonly rng: Rng;
  private reservation?: PortReservation;
  private readonly programs: RunningProgram[] = [];
  private readonly peers: TcpPeer[] = [];
  /** Set by teardown: a check that outlived its bound may not start anything more. */
  private closed = false;

  constructor(private readonly options: HarnessOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.rng = createRng(options.seed);
  }

  get port(): number {
    if (!this.reservation) throw new Error('no port reserved yet: call startServer() first');
    return this.reservation.port;
  }

  /** The program started last (the one the output tail belongs to). */
  get program(): RunningProgram | undefined {
    return this.programs.at(-1);
  }

  /** Starts the program under test and resolves once it listens on HOST:PORT. */
  async startServer(): Promise<RunningProgram> {
    this.ensureOpen();
    this.reservation ??= await reservePort();
    if (this.closed) this.reservation.release();
    this.ensureOpen();
    const endpoint = { host: this.host, port: this.reservation.port };
    let command;
    try {
      command = await resolveLaunch(this.options.program, endpoint);
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      throw new CheckFailure({
        did: 'compiled your program before starting it',
        expected: 'TypeScript that compiles',
        saw: err.message,
        cause: /Could not resolve/.test(err.message)
          ? 'an import could not be found: check its path (relative imports start with ./) or install the package'
          : 'fix the syntax error at the line shown',
      }, 'startup');
    }
    this.ensureOpen();
    const program = launchProgram(command, { ...stringEnv(process.env), HOST: this.host, PORT: String(endpoint.port) }, invocationDir());
    this.programs.push(program);
    await waitForListener(program, this.host, endpoint.port);
    return program;
  }

  /** Connects a reference client; a refused or unanswered connection throws ConnectError. */
  async connect(name = `client ${this.peers.length + 1}`): Promise<TcpPeer> {
    this.ensureOpen();
    const peer = new TcpPeer(name);
    this.peers.push(peer);
    if (canReadKernelSockets() || this.peers.length > 1) await peer.connect(this.host, this.port, CONNECT_TIMEOUT_MS);
    else await this.connectWhenListening(peer);
    if (this.closed) peer.destroy();
    this.ensureOpen();
    return peer;
  }

  /** Without /proc, the first client is how we learn the program listens: a refusal is retried until it does. */
  private async connectWhenListening(peer: TcpPeer): Promise<void> {
    const program = this.program!;
    const deadline = performance.now() + LISTEN_TIMEOUT_MS;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        return await peer.connect(this.host, this.port, CONNECT_TIMEOUT_MS);
      } catch (err) {
        const refused = err instanceof ConnectError && err.code === 'ECONNREFUSED';
        if (!refused || performance.now() > deadline) throw err;
        if (program.exitInfo()) throw exitedBeforeListening(program, this.host, this.port);
        await sleep(pause);
      }
    }
  }

  /** Like connect(), but hands back the failure instead of throwing it. */
  async tryConnect(name?: string): Promise<TcpPeer | ConnectError> {
    try {
      return await this.connect(name);
    } catch (err) {
      if (err instanceof ConnectError) return err;
      throw err;
    }
  }

  /** The server's side of a peer's connection, as the kernel sees it now. */
  serverSide(peer: TcpPeer): TcpSocket | undefined {
    return findServerSide(this.port, peer.localPort);
  }

  /**
   * How the server ended a connection the peer had already half-closed, as the kernel saw it:
   * an orderly close leaves TIME_WAIT on the side that closed first (either one); a reset leaves
   * none. Node alone cannot always tell: libuv reports a RST that arrives with data as an end of stream.
   */
  closeSeenByKernel(peer: TcpPeer): 'fin' | 'rst' | 'unknown' {
    if (!canReadKernelSockets()) return 'unknown';
    const connection = connectionSockets(this.port, peer.localPort);
    if (connection.some((s) => s.state === 'TIME_WAIT')) return 'fin';
    return connection.length > 0 ? 'unknown' : 'rst';
  }

  /** The listening socket on the program's port, if any. */
  listener(): TcpSocket | undefined {
    return socketsOnPort(this.port, readTcpSockets()).find((s) => s.state === 'LISTEN');
  }

  /** CPU time used and waited for so far by every live process of the program's group. */
  cpu(program: RunningProgram): CpuSample {
    return groupCpu(program.pid);
  }

  outputTail(lines = 12): string[] {
    return this.program?.output.lastLines(lines) ?? [];
  }

  transcripts(): PeerTranscript[] {
    return this.peers.map((p) => ({ peer: p.name, events: p.events }));
  }

  private ensureOpen(): void {
    if (this.closed) throw new GraderTimeout('the check went on after the grader had ended it');
  }

  /** Always runs, whatever the check did: peers closed, programs stopped, port released. */
  async teardown(): Promise<void> {
    this.closed = true;
    for (const peer of this.peers) peer.destroy();
    await Promise.all(this.programs.map((p) => p.stop()));
    this.reservation?.release();
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
