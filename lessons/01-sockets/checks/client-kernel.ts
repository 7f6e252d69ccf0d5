// The client's end of its connection, as the kernel sees it. The harness's kernel helpers take the
// program for the server; here the program is the client, so its end is found by its own port (the
// peer port the reference server's accept() saw) and the server's port as the remote one.
import { readFileSync } from 'node:fs';
import { activeNow, sleep, type Harness, type StreamPeer, type TcpSocket } from '../../../grader/sdk.ts';

/** The two ports of one connection: the client's ephemeral one and the reference server's. */
export interface Ends {
  clientPort: number;
  serverPort: number;
}

type Kernel = Pick<Harness, 'kernel'>;

/** The client's socket for this connection, or undefined (gone, or no /proc). */
export function clientSide(h: Kernel, ends: Ends): TcpSocket | undefined {
  return h.kernel.connectionEnd(ends.clientPort, ends.serverPort);
}

function serverSide(h: Kernel, ends: Ends): TcpSocket | undefined {
  return h.kernel.connectionEnd(ends.serverPort, ends.clientPort);
}

/** "32768 60999" → [32768, 60999]; undefined for anything else. */
export function parseRange(text: string): [number, number] | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo > 0 && lo <= hi && hi <= 65535 ? [lo, hi] : undefined;
}

/**
 * The ports connect() picks from (net.ipv4.ip_local_port_range) on Linux. It is a setting, not a
 * socket table, so it is read even where the grader is told not to read those; elsewhere unknown.
 */
export function ephemeralRange(): [number, number] | undefined {
  try {
    return parseRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
  } catch {
    return undefined;
  }
}

function hasEnded(peer: StreamPeer): boolean {
  return peer.events.some((e) => e.type === 'fin-received' || e.type === 'rst-received' || e.type === 'closed');
}

/**
 * Waits until the client has read everything sent so far: the server's unacknowledged bytes are
 * 0 (they reached the client's kernel) and so is the client's receive queue (its program took
 * them). Without /proc, a pause has to do.
 */
export async function waitUntilRead(h: Kernel, peer: StreamPeer, ends: Ends, ms: number): Promise<'read' | 'unread' | 'unknown' | 'ended'> {
  if (!h.kernel.available) {
    await sleep(200);
    return 'unknown';
  }
  const deadline = activeNow() + ms;
  while (activeNow() < deadline) {
    if (hasEnded(peer)) return 'ended';
    const server = serverSide(h, ends);
    const client = server && server.txQueue === 0 ? clientSide(h, ends) : undefined;
    if (client && client.rxQueue === 0) return 'read';
    await sleep(5);
  }
  return 'unread';
}

/**
 * How the connection ended, once both sides have closed: TIME_WAIT on either end is an orderly close
 * (the client's, since it closes first), no socket left at all is a reset. 'unknown' while a side
 * is still closing when `ms` runs out, or without /proc.
 */
export async function settleClose(h: Kernel, ends: Ends, ms: number): Promise<'fin' | 'rst' | 'unknown'> {
  const deadline = activeNow() + ms;
  for (;;) {
    const seen = h.kernel.closeSeenByKernel({ localPort: ends.clientPort }, ends.serverPort);
    if (seen !== 'unknown' || !h.kernel.available || activeNow() >= deadline) return seen;
    await sleep(10);
  }
}

/** Longer than any check of this lesson runs: the watch ends with its check at the latest. */
const WATCH_LIMIT_MS = 30_000;

/** Samples the client's socket while a check waits, so a message can say what it held just before it vanished. */
export function watchClientSide(h: Kernel & Pick<Harness, 'defer'>, ends: Ends): { last(): TcpSocket | undefined; stop(): void } {
  let last: TcpSocket | undefined;
  let stopped = !h.kernel.available;
  h.defer(() => void (stopped = true));
  const until = activeNow() + WATCH_LIMIT_MS;
  void (async () => {
    while (!stopped && activeNow() < until) {
      last = clientSide(h, ends) ?? last;
      await sleep(20);
    }
  })();
  return { last: () => last, stop: () => void (stopped = true) };
}
