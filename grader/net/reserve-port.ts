// Chooses a port for one program: no socket of any state on it (so no earlier TIME_WAIT can
// decide a verdict), outside the ephemeral range (so no outgoing connection takes it meanwhile),
// and held by a lock that another grader running at the same moment respects.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { parseProcNetTcp, readTcpSockets } from '../kernel/proc-net-tcp.ts';

export interface PortReservation {
  port: number;
  release(): void;
}

const usedThisRun = new Set<number>();

/** The ephemeral range the kernel hands to connect(); ports below it are ours to choose from. */
export function ephemeralRange(text?: string): [number, number] {
  try {
    const [lo, hi] = (text ?? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/).map(Number);
    if (lo && hi) return [lo, hi];
  } catch {
    // not Linux
  }
  return [49152, 65535];
}

/** The candidate range: [10000, start of the ephemeral range), or a fixed slice above it if that is too small. */
export function candidateRange([lo, hi]: [number, number]): [number, number] {
  if (lo - 10000 >= 2000) return [10000, lo - 1];
  return [Math.min(hi + 1, 64000), 65000];
}

/** Local ports with any socket, TCP or UDP, IPv4 or IPv6 (TCP from a shared recent snapshot: reading it is costly). */
function busyPorts(maxAgeMs = 1000): Set<number> {
  const busy = new Set(readTcpSockets({ maxAgeMs }).map((s) => s.localPort));
  for (const table of ['udp', 'udp6']) {
    try {
      for (const s of parseProcNetTcp(readFileSync(`/proc/net/${table}`, 'utf8'))) busy.add(s.localPort);
    } catch {
      // table absent (no IPv6, or not Linux)
    }
  }
  return busy;
}

/** Holds a name that only one process can hold at a time, and that the kernel frees when the process dies. */
function lock(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    // Linux abstract socket: no file to clean up, gone with the grader even if it is killed.
    // Elsewhere a TCP listener on the same port both locks it and proves it is free; it is closed before launch.
    const where = process.platform === 'linux' ? { path: `\0handshake-port-${port}` } : { port, host: '127.0.0.1', exclusive: true };
    server.listen(where, () => resolve(server));
  });
}

export async function reservePort(): Promise<PortReservation> {
  const [from, to] = candidateRange(ephemeralRange());
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (usedThisRun.has(port) || busyPorts().has(port)) continue;
    const held = await lock(port);
    if (!held) continue;
    if (process.platform !== 'linux') await new Promise((r) => held.close(r));
    // Checked again under the lock, recently enough that a port another grader has just released
    // (and left TIME_WAIT on) is seen; concurrent reservations still share one read.
    if (busyPorts(50).has(port)) {
      held.close();
      continue;
    }
    usedThisRun.add(port);
    return { port, release: () => held.close() };
  }
  throw new Error('could not find a free port after 500 tries');
}
