// Waits until a started program has bound what it must (TCP listeners, UDP sockets, Unix sockets),
// confirmed as the program's own by their socket inodes: an event we watch for, never a fixed sleep,
// and never a probe that the program would count as a client.
import { lstatSync } from 'node:fs';
import { canReadKernelSockets, readTcpListeners, type TcpSocket } from '../kernel/proc-net-tcp.ts';
import { readUdpSockets } from '../kernel/proc-net-udp.ts';
import { readUnixSockets } from '../kernel/proc-net-unix.ts';
import { groupSocketInodes, hasEnded } from '../kernel/proc-processes.ts';
import { boundElsewhere, exitedBeforeReady, neverReady, type StartContext } from '../messages/startup.ts';
import { sleep, within, activeNow } from '../timing.ts';
import { servingAddresses, type Endpoint } from './endpoints.ts';
import { isBoundByAnyone } from './probe-bind.ts';

export const READY_TIMEOUT_MS = 10_000;
/** How long a program may be bound only somewhere else before we say so (it may open several sockets). */
export const WRONG_BIND_GRACE_MS = 500;
/** How often the program's own sockets are looked at (cheap: its fd table). */
const FD_POLL_MS = 3;

interface Look {
  missing: Endpoint[];
  /** The program's own sockets that no client of the endpoints can reach. */
  elsewhere: { address: string; port: number }[];
}

/** Looks once at the kernel's tables for the program's sockets (`owned`: its socket inodes). */
export function lookAtSockets(endpoints: Endpoint[], port: number, owned: Set<number>, ipv4Only = false): Look {
  const missing: Endpoint[] = [];
  const elsewhere: { address: string; port: number }[] = [];
  const tcp = endpoints.some((e) => e.kind === 'tcp') ? ownListeners(endpoints, port, owned, ipv4Only) : [];
  const udp = endpoints.some((e) => e.kind === 'udp') ? readUdpSockets().filter((s) => owned.has(s.inode)) : [];
  const unix = endpoints.some((e) => e.kind === 'unix') ? readUnixSockets().filter((s) => owned.has(s.inode)) : [];
  for (const e of endpoints) {
    if (e.kind === 'unix') {
      if (!unix.some((s) => s.path === e.path && s.listening)) missing.push(e);
      continue;
    }
    const mine = e.kind === 'tcp' ? tcp : udp;
    const serving = servingAddresses(e.host);
    if (!mine.some((s) => s.localPort === port && serving.includes(s.localAddress))) missing.push(e);
  }
  if (missing.some((e) => e.kind !== 'unix')) {
    for (const s of [...tcp, ...udp]) {
      const reaches = endpoints.some((e) => e.kind !== 'unix' && s.localPort === port && servingAddresses(e.host).includes(s.localAddress));
      if (!reaches) elsewhere.push({ address: s.localAddress, port: s.localPort });
    }
  }
  return { missing, elsewhere };
}

/**
 * The program's TCP listeners, from the listener sections of the tables only (see readTcpListeners).
 * The IPv4 table alone settles it when every TCP endpoint is IPv4 and served there; otherwise (an
 * IPv6 endpoint, a '::' listener, a listener elsewhere) the IPv6 table is read too.
 */
function ownListeners(endpoints: Endpoint[], port: number, owned: Set<number>, ipv4Only: boolean): TcpSocket[] {
  const tcpHosts = endpoints.flatMap((e) => (e.kind === 'tcp' ? [e.host] : []));
  const v4 = readTcpListeners(4, owned).filter((s) => owned.has(s.inode));
  const served = (h: string) => v4.some((s) => s.localPort === port && servingAddresses(h).includes(s.localAddress));
  const v4Endpoints = tcpHosts.every((h) => !h.includes(':'));
  if (v4Endpoints && (ipv4Only || tcpHosts.every(served))) return v4;
  return [...v4, ...readTcpListeners(6, owned).filter((s) => owned.has(s.inode))];
}

/**
 * Resolves once every endpoint is bound by the program; fails at once if the program exits first.
 * Reads the kernel's tables only when the program opens a socket it did not hold at the last look,
 * and after growing pauses otherwise (listen() follows socket() within moments).
 */
export async function waitForReady(c: StartContext, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  if (c.endpoints.length === 0) return;
  if (!canReadKernelSockets()) return waitWithoutProc(c, timeoutMs);
  const { program } = c;
  const deadline = activeNow() + timeoutMs;
  let known = new Set<number>();
  let lastLook = 0;
  let pause = 250;
  let wrongSince: number | undefined;
  while (activeNow() < deadline) {
    // hasEnded: a zombie counts as ended even before Node has reaped it and reported the exit.
    if (program.exitInfo() || hasEnded(program.pid)) {
      await within(program.exited, 1000);
      throw exitedBeforeReady(c);
    }
    const inodes = groupSocketInodes(program.pid, { maxAgeMs: FD_POLL_MS });
    const changed = [...inodes].some((i) => !known.has(i));
    known = inodes;
    if (changed) pause = 5;
    // A program without a socket has bound nothing yet: no table can show it ready.
    if (inodes.size > 0 && (changed || performance.now() - lastLook >= pause)) {
      pause = Math.min(pause * 2, 250);
      lastLook = performance.now();
      // A new socket is most often an IPv4 listener, or one about to listen: the IPv6 table (a walk
      // of the whole connection table where no IPv6 connection exists) waits for the next look.
      const look = lookAtSockets(c.endpoints, c.port, inodes, changed);
      if (look.missing.length === 0) return;
      wrongSince = look.elsewhere.length ? (wrongSince ?? activeNow()) : undefined;
      if (wrongSince !== undefined && activeNow() - wrongSince > WRONG_BIND_GRACE_MS) throw boundElsewhere(c, look.elsewhere);
    }
    await sleep(FD_POLL_MS);
  }
  const inodes = groupSocketInodes(program.pid);
  throw neverReady(c, lookAtSockets(c.endpoints, c.port, inodes).missing, timeoutMs);
}

/**
 * Without /proc: a Unix socket shows as a socket file; a UDP or TCP port as one the grader can no
 * longer bind itself. (A TCP port bound but not yet listening is covered by connect() retrying.)
 */
async function waitWithoutProc(c: StartContext, timeoutMs: number): Promise<void> {
  const deadline = activeNow() + timeoutMs;
  const before = new Map(c.endpoints.flatMap((e) => (e.kind === 'unix' ? [[e.path, inodeOf(e.path)] as const] : [])));
  for (let pause = 2; activeNow() < deadline; pause = Math.min(pause * 2, 50)) {
    if (c.program.exitInfo()) throw exitedBeforeReady(c);
    const pending: Endpoint[] = [];
    for (const e of c.endpoints) {
      const ready = e.kind === 'unix' ? inodeOf(e.path) !== undefined && inodeOf(e.path) !== before.get(e.path) : await isBoundByAnyone(e.kind, e.host, c.port);
      if (!ready) pending.push(e);
    }
    if (pending.length === 0) return;
    await sleep(pause);
  }
  throw neverReady(c, c.endpoints, timeoutMs);
}

function inodeOf(path: string): number | undefined {
  try {
    const st = lstatSync(path);
    return st.isSocket() ? st.ino : undefined;
  } catch {
    return undefined;
  }
}
