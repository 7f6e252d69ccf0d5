// Waits until a started program listens on its port: an event we watch for, never a fixed sleep.
import { CheckFailure } from '../errors.ts';
import { canReadKernelSockets, readTcpSockets, type TcpSocket } from '../kernel/proc-net-tcp.ts';
import { groupSocketInodes, hasEnded } from '../kernel/proc-processes.ts';
import { describeExit } from '../messages.ts';
import type { RunningProgram } from '../process/launch-program.ts';
import { sleep, within } from '../timing.ts';

export const LISTEN_TIMEOUT_MS = 10_000;
/** How long a program may listen only somewhere else before we say so (it may open several listeners). */
export const WRONG_LISTENER_GRACE_MS = 500;
/** How often the program's own sockets are looked at (cheap: its fd table). */
const FD_POLL_MS = 3;
/** How old a shared snapshot of the kernel's TCP tables may be (expensive: a hash-table walk). */
const TABLE_MAX_AGE_MS = 8;

interface ProbeResult {
  ready: boolean;
  /** The program's own listeners that a client of host:port cannot reach. */
  elsewhere: TcpSocket[];
}

/** A listener serves clients of host:port if it is on that port, at that address or a wildcard one. */
export function servesEndpoint(socket: TcpSocket, host: string, port: number): boolean {
  return socket.state === 'LISTEN' && socket.localPort === port && [host, '0.0.0.0', '::'].includes(socket.localAddress);
}

/**
 * Resolves once something listens on host:port; fails at once if the program exits first.
 * Without /proc there is nothing to watch, and a probe connection would count as a client:
 * it resolves at once, and the harness's first connect() waits for the listener instead.
 */
export async function waitForListener(program: RunningProgram, host: string, port: number, timeoutMs = LISTEN_TIMEOUT_MS): Promise<void> {
  if (!canReadKernelSockets()) return;
  const deadline = performance.now() + timeoutMs;
  const probe = createProcProbe(program.pid, host, port);
  let exited = false;
  void program.exited.then(() => (exited = true));
  let wrongSince: number | undefined;
  while (performance.now() < deadline) {
    // hasEnded: a zombie counts as ended even before Node has reaped it and reported the exit.
    if (exited || hasEnded(program.pid)) {
      await within(program.exited, 1000);
      throw exitedBeforeListening(program, host, port);
    }
    const { ready, elsewhere } = probe();
    if (ready) return;
    wrongSince = elsewhere.length ? (wrongSince ?? performance.now()) : undefined;
    if (wrongSince !== undefined && performance.now() - wrongSince > WRONG_LISTENER_GRACE_MS) throw listensElsewhere(program, host, port, elsewhere);
    await sleep(FD_POLL_MS);
  }
  throw neverListened(program, host, port, timeoutMs);
}

/**
 * Reads the kernel's tables when the program opens a socket it did not hold at the last look,
 * then again after growing pauses while none serves the endpoint (listen() follows socket()
 * within moments; a program may also hold other sockets), and seldom otherwise.
 */
function createProcProbe(pgid: number, host: string, port: number): () => ProbeResult {
  let known = new Set<number>();
  let lastTableRead = 0;
  let pause = 250;
  let last: ProbeResult = { ready: false, elsewhere: [] };
  return () => {
    const inodes = groupSocketInodes(pgid);
    const changed = [...inodes].some((i) => !known.has(i));
    known = inodes;
    if (changed) pause = 5;
    if (!changed && performance.now() - lastTableRead < pause) return last;
    pause = Math.min(pause * 2, 250);
    lastTableRead = performance.now();
    const sockets = readTcpSockets({ maxAgeMs: TABLE_MAX_AGE_MS });
    const ready = sockets.some((s) => servesEndpoint(s, host, port));
    last = { ready, elsewhere: ready ? [] : sockets.filter((s) => s.state === 'LISTEN' && inodes.has(s.inode)) };
    return last;
  };
}

function started(program: RunningProgram, host: string, port: number): string {
  return `started your program (${program.display}) with HOST=${host} PORT=${port}`;
}

export function exitedBeforeListening(program: RunningProgram, host: string, port: number): CheckFailure {
  const inUse = /EADDRINUSE|address already in use/i.test(program.output.text());
  return new CheckFailure({
    did: started(program, host, port),
    expected: `it to listen on ${host}:${port} and keep running`,
    saw: `it ${program.exitInfo() ? describeExit(program.exitInfo()) : 'ended'} without ever listening`,
    cause: inUse
      ? `its bind() failed with "address already in use", but nothing used port ${port}, which the grader chose for it: your program binds another port; read the port from the environment (Number(process.env.PORT); Python: int(os.environ["PORT"])) and the host from HOST`
      : 'the program ended before it listened: look at its output below for an error, and check that it calls listen() and does not exit',
  }, 'startup');
}

function listensElsewhere(program: RunningProgram, host: string, port: number, elsewhere: TcpSocket[]): CheckFailure {
  const where = elsewhere.map((s) => (s.localAddress.includes(':') ? `[${s.localAddress}]:${s.localPort}` : `${s.localAddress}:${s.localPort}`)).join(', ');
  const wrongPort = elsewhere.every((s) => s.localPort !== port);
  return new CheckFailure({
    did: started(program, host, port),
    expected: `a listener on ${host}:${port} (or on every address of port ${port})`,
    saw: `your program listens on ${where}, which a client of ${host}:${port} cannot reach`,
    cause: wrongPort
      ? 'read the port from the environment: Number(process.env.PORT) (Python: int(os.environ["PORT"])), instead of a fixed number'
      : `listen on the address in HOST (${host}): a name like "localhost" may resolve to another address, such as ::1`,
  }, 'startup');
}

function neverListened(program: RunningProgram, host: string, port: number, timeoutMs: number): CheckFailure {
  return new CheckFailure({
    did: started(program, host, port),
    expected: `a listener on ${host}:${port}`,
    saw: `no listener on port ${port} after ${timeoutMs / 1000} s, and the program is still running`,
    cause: 'the program never called listen(); is it waiting for something first (input, a fixed sleep)?',
  }, 'startup');
}
