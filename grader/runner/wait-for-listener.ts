// Waits until a started program listens on its port: an event we watch for, never a fixed sleep.
import net from 'node:net';
import { CheckFailure } from '../errors.ts';
import { canReadKernelSockets, readTcpSockets, type TcpSocket } from '../kernel/proc-net-tcp.ts';
import { groupSocketInodes } from '../kernel/proc-processes.ts';
import { describeExit } from '../messages.ts';
import type { RunningProgram } from '../process/launch-program.ts';
import { within } from '../timing.ts';

export const LISTEN_TIMEOUT_MS = 10_000;

/** Resolves once something listens on `port`; fails at once if the program exits first. */
export async function waitForListener(program: RunningProgram, host: string, port: number, timeoutMs = LISTEN_TIMEOUT_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let pause = 2;
  while (performance.now() < deadline) {
    if (program.exitInfo()) throw exitedBeforeListening(program, host, port);
    if (await isListening(host, port)) return;
    // Polling /proc is cheap; start fast so a quick program is seen at once.
    const exited = await within(program.exited, pause);
    if (exited) throw exitedBeforeListening(program, host, port);
    pause = Math.min(pause * 2, 10);
  }
  throw neverListened(program, host, port, timeoutMs);
}

async function isListening(host: string, port: number): Promise<boolean> {
  if (canReadKernelSockets()) return readTcpSockets().some((s) => s.state === 'LISTEN' && s.localPort === port);
  // Without /proc the only way to know is to connect, and that connection counts as a client.
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
  });
}

function neverListened(program: RunningProgram, host: string, port: number, timeoutMs: number): CheckFailure {
  const elsewhere = listeningElsewhere(program.pid);
  const saw = elsewhere.length
    ? `no listener on port ${port} after ${timeoutMs / 1000} s; your program listens on ${elsewhere.map((s) => `${s.localAddress}:${s.localPort}`).join(', ')} instead`
    : `no listener on port ${port} after ${timeoutMs / 1000} s, and the program is still running`;
  const cause = elsewhere.length
    ? 'read the port from the environment: Number(process.env.PORT) (Python: int(os.environ["PORT"])), and the host from HOST'
    : 'the program never called listen(); is it waiting for something first (input, a fixed sleep)?';
  return new CheckFailure({ did: `started your program (${program.display}) with HOST=${host} PORT=${port}`, expected: `a listener on ${host}:${port}`, saw, cause });
}

function listeningElsewhere(pgid: number): TcpSocket[] {
  if (!canReadKernelSockets()) return [];
  const inodes = groupSocketInodes(pgid);
  return readTcpSockets().filter((s) => s.state === 'LISTEN' && inodes.has(s.inode));
}
