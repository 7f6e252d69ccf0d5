// What each thread of a program is doing right now, from /proc/PID/task/TID/{syscall,stat,wchan} (Linux):
// blocked in accept(), in recv() on one connection, in epoll_wait(), asleep, or running.
import { readdirSync, readFileSync } from 'node:fs';
import { parseSocketLink, readFdLink } from './proc-fds.ts';
import { canReadProcesses, listGroupFromLeader, parseProcStat } from './proc-processes.ts';
import { FD_FIRST, syscallName, type SyscallName } from './syscall-names.ts';

/** One read of /proc/PID/task/TID/syscall. */
export type SyscallLine =
  | { kind: 'running' }
  /** Blocked, but not in a system call (stopped, or in a page fault). */
  | { kind: 'none' }
  | { kind: 'syscall'; nr: number; args: bigint[] };

/** Parses "nr arg0 … arg5 sp pc" (nr in decimal, the rest in 0x-hex), "-1 sp pc", or "running". */
export function parseSyscallLine(text: string): SyscallLine | undefined {
  const f = text.trim().split(/\s+/);
  if (f[0] === 'running') return { kind: 'running' };
  if (!/^-?\d+$/.test(f[0]!)) return undefined;
  const nr = Number(f[0]);
  if (nr < 0) return { kind: 'none' };
  if (f.length < 9) return undefined;
  return { kind: 'syscall', nr, args: f.slice(1, 7).map((a) => BigInt(a)) };
}

export interface ThreadActivity {
  pid: number;
  tid: number;
  /** The thread's name (every thread of a Node 20 program is "node"; tid === pid is the main thread). */
  comm: string;
  /** From stat: R running, S sleeping, D uninterruptible, T stopped, Z zombie. */
  state: string;
  /** 'unknown' when /proc would not say (another user's process, no ptrace rights) or the number is in no table here. */
  syscall: SyscallName | 'running' | 'none' | 'unknown';
  /** The syscall number, when it was read but has no name here. */
  nr?: number;
  /** For calls whose first argument is a file descriptor. */
  fd?: number;
  /** What that fd refers to: "socket:[N]", "pipe:[N]", a path. */
  fdTarget?: string;
  socketInode?: number;
  /** The kernel function the thread sleeps in (e.g. inet_csk_accept), where the kernel shows it. */
  wchan?: string;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // gone, or EACCES: the thread belongs to a process we may not trace
  }
}

/** What one thread is doing; undefined when it has ended. */
export function readThreadActivity(pid: number, tid: number, arch = process.arch): ThreadActivity | undefined {
  const dir = `/proc/${pid}/task/${tid}`;
  const statText = readOptional(`${dir}/stat`);
  if (statText === undefined) return undefined;
  const { comm, state } = parseProcStat(statText);
  const activity: ThreadActivity = { pid, tid, comm, state, syscall: 'unknown' };
  const wchan = readOptional(`${dir}/wchan`)?.trim();
  if (wchan && wchan !== '0') activity.wchan = wchan;
  const line = parseSyscallLine(readOptional(`${dir}/syscall`) ?? '');
  if (!line) return activity;
  if (line.kind !== 'syscall') return { ...activity, syscall: line.kind };
  const name = syscallName(line.nr, arch);
  if (!name) return { ...activity, nr: line.nr };
  activity.syscall = name;
  const fd = Number(line.args[0]);
  // The kernel prints each argument as an unsigned long: a negative fd would show as a huge number.
  if (FD_FIRST.has(name) && fd >= 0 && fd < 2 ** 31) {
    activity.fd = fd;
    const target = readFdLink(pid, fd, tid);
    if (target !== undefined) activity.fdTarget = target;
    const inode = target === undefined ? undefined : parseSocketLink(target);
    if (inode !== undefined) activity.socketInode = inode;
  }
  return activity;
}

/** What every thread of one process is doing; empty when it has ended or there is no /proc. */
export function whatProcessIsDoing(pid: number): ThreadActivity[] {
  if (!canReadProcesses()) return [];
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) => readThreadActivity(pid, Number(tid)) ?? []);
}

/** What every thread of every live member of a process group is doing. */
export function whatGroupIsDoing(pgid: number): ThreadActivity[] {
  if (!canReadProcesses()) return [];
  return listGroupFromLeader(pgid).flatMap((p) => whatProcessIsDoing(p.pid));
}
