// Finds which processes hold given sockets, by scanning every process's fd table once (Linux):
// after teardown, it names a child that left the program's process group (setsid()) and still holds its port.
import { readdirSync, readFileSync } from 'node:fs';
import { parseSocketLink, readFdLink } from './proc-fds.ts';
import { readTcpSockets } from './proc-net-tcp.ts';
import { readUdpSockets } from './proc-net-udp.ts';
import { canReadProcesses, parseProcStat } from './proc-processes.ts';

export interface SocketOwner {
  pid: number;
  pgid: number;
  sid: number;
  /** The command line (arguments joined by spaces), or the process name when it has none (a kernel thread). */
  command: string;
  /** The inodes asked about that this process holds. */
  inodes: number[];
}

export interface OwnerSearch {
  owners: SocketOwner[];
  /** False when the time budget ran out before every process was looked at. */
  complete: boolean;
  /** Processes whose fds could not be read (another user's, without ptrace rights): they may hold some too. */
  unreadable: number;
}

/** Turns /proc/PID/cmdline (arguments ended by NUL bytes) into one line. */
export function parseCmdline(text: string): string {
  return text.split('\0').filter((a) => a !== '').join(' ');
}

function describeProcess(pid: number, inodes: number[]): SocketOwner | undefined {
  try {
    const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const command = parseCmdline(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) || stat.comm;
    return { pid, pgid: stat.pgrp, sid: stat.session, command, inodes };
  } catch {
    return undefined; // ended since its fds were read
  }
}

/** The wanted inodes a process holds; undefined when its fd table cannot be read. */
function heldInodes(pid: number, wanted: ReadonlySet<number>): number[] | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (err) {
    // Ended meanwhile: it holds nothing. EACCES: another user's process we may not look into.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
  }
  const held = new Set<number>();
  for (const fd of fds) {
    const link = readFdLink(pid, Number(fd));
    const inode = link && parseSocketLink(link);
    if (inode && wanted.has(inode)) held.add(inode);
  }
  return [...held];
}

/**
 * The processes holding any of `inodes`, each listed once with the ones it holds; one pass over
 * /proc, stopped when `budgetMs` is spent. Processes whose fds cannot be read are skipped.
 */
export function findSocketOwners(inodes: Iterable<number>, budgetMs = 200): OwnerSearch {
  const wanted = new Set([...inodes].filter((i) => i > 0));
  if (!canReadProcesses() || wanted.size === 0) return { owners: [], complete: true, unreadable: 0 };
  const deadline = performance.now() + budgetMs;
  const owners: SocketOwner[] = [];
  let unreadable = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (performance.now() > deadline) return { owners, complete: false, unreadable };
    const held = heldInodes(Number(name), wanted);
    if (held === undefined) unreadable++;
    const owner = held?.length ? describeProcess(Number(name), held) : undefined;
    if (owner) owners.push(owner);
  }
  return { owners, complete: true, unreadable };
}

export interface PortHolder extends SocketOwner {
  /** The sockets on the port this process holds, e.g. [{ protocol: 'tcp', state: 'LISTEN', inode: 4711 }]. */
  sockets: Array<{ protocol: 'tcp' | 'udp'; state: string; inode: number }>;
}

/**
 * Every process holding a TCP or UDP socket (any state, IPv4 or IPv6) whose local port is `port`.
 * Sockets no process holds (TIME_WAIT, inode 0) are left out.
 */
export function processesOnPort(port: number, budgetMs = 200): Omit<OwnerSearch, 'owners'> & { holders: PortHolder[] } {
  const sockets = [
    ...readTcpSockets({ port }).map((s) => ({ protocol: 'tcp' as const, state: s.state, inode: s.inode, localPort: s.localPort })),
    ...readUdpSockets({ port }).map((s) => ({ protocol: 'udp' as const, state: s.state, inode: s.inode, localPort: s.localPort })),
  ].filter((s) => s.localPort === port && s.inode > 0);
  const { owners, complete, unreadable } = findSocketOwners(sockets.map((s) => s.inode), budgetMs);
  const holders = owners.map((o) => ({
    ...o,
    sockets: sockets.filter((s) => o.inodes.includes(s.inode)).map(({ protocol, state, inode }) => ({ protocol, state, inode })),
  }));
  return { holders, complete, unreadable };
}
