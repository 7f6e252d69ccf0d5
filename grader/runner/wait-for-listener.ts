// Waits until a started program listens on its port: an event we watch for, never a fixed sleep.
import net from 'node:net';
import { CheckFailure } from '../errors.ts';
import { canReadKernelSockets, readTcpSockets, type TcpSocket } from '../kernel/proc-net-tcp.ts';
import { groupSocketInodes, hasEnded } from '../kernel/proc-processes.ts';
import { describeExit } from '../messages.ts';
import type { RunningProgram } from '../process/launch-program.ts';
import { within } from '../timing.ts';

export const LISTEN_TIMEOUT_MS = 10_000;
/** How often the program's own sockets are looked at (cheap: its fd table). */
const FD_POLL_MS = 3;
/** How old a shared snapshot of the kernel's TCP tables may be (expensive: a hash-table walk). */
const TABLE_MAX_AGE_MS = 8;

/** Resolves once something listens on `port`; fails at once if the program exits first. */
export async function waitForListener(program: RunningProgram, host: string, port: number, timeoutMs = LISTEN_TIMEOUT_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const probe = canReadKernelSockets() ? createProcProbe(program.pid, port) : () => connectProbe(host, port);
  while (performance.now() < deadline) {
    // hasEnded: a zombie counts as ended even before Node has reaped it and reported the exit.
    if (program.exitInfo() || hasEnded(program.pid)) {
      await within(program.exited, 1000);
      throw exitedBeforeListening(program, host, port);
    }
    if (await probe()) return;
    if (await within(program.exited, FD_POLL_MS)) throw exitedBeforeListening(program, host, port);
  }
  throw neverListened(program, host, port, timeoutMs);
}

/**
 * Reads the kernel's tables only when the program holds a socket it did not hold at the last
 * look, or a socket that is not listening yet (listen() follows socket() within moments).
 */
function createProcProbe(pgid: number, port: number): () => Promise<boolean> {
  let known = new Set<number>();
  let lastTableRead = 0;
  return async () => {
    const inodes = groupSocketInodes(pgid);
    const changed = [...inodes].some((i) => !known.has(i));
    known = inodes;
    // Also a slow fallback look, in case the socket belongs to a process we cannot see.
    const due = performance.now() - lastTableRead > (inodes.size > 0 && !changed ? 20 : 250);
    if (!changed && !due) return false;
    lastTableRead = performance.now();
    return readTcpSockets({ maxAgeMs: TABLE_MAX_AGE_MS }).some((s) => s.state === 'LISTEN' && s.localPort === port);
  };
}

// Without /proc the only way to know is to connect, and that connection counts as a client.
function connectProbe(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ host, port }, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

function exitedBeforeListening(program: RunningProgram, host: string, port: number): CheckFailure {
  return new CheckFailure({
    did: `started your program (${program.display}) with HOST=${host} PORT=${port}`,
    expected: `it to listen on ${host}:${port} and keep running`,
    saw: `it ${describeExit(program.exitInfo())} without ever listening`,
    cause: 'the program ended before it listened: look at its output below for an error, and check that it calls listen() and does not exit',
  }, 'startup');
}

function neverListened(program: RunningProgram, host: string, port: number, timeoutMs: number): CheckFailure {
  const elsewhere = listeningElsewhere(program.pid);
  const saw = elsewhere.length
    ? `no listener on port ${port} after ${timeoutMs / 1000} s; your program listens on ${elsewhere.map((s) => `${s.localAddress}:${s.localPort}`).join(', ')} instead`
    : `no listener on port ${port} after ${timeoutMs / 1000} s, and the program is still running`;
  const cause = elsewhere.length
    ? 'read the port from the environment: Number(process.env.PORT) (Python: int(os.environ["PORT"])), and the host from HOST'
    : 'the program never called listen(); is it waiting for something first (input, a fixed sleep)?';
  return new CheckFailure({ did: `started your program (${program.display}) with HOST=${host} PORT=${port}`, expected: `a listener on ${host}:${port}`, saw, cause }, 'startup');
}

function listeningElsewhere(pgid: number): TcpSocket[] {
  if (!canReadKernelSockets()) return [];
  const inodes = groupSocketInodes(pgid);
  return readTcpSockets().filter((s) => s.state === 'LISTEN' && inodes.has(s.inode));
}
