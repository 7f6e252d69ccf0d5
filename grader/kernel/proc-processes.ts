// Reads processes from /proc (Linux): members of a process group, their CPU time, their sockets.
import { readdirSync, readFileSync } from 'node:fs';
import { socketInodes } from './proc-fds.ts';

export { socketInodes } from './proc-fds.ts';

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  /** Session id: a process that called setsid() has left its parent's session and group. */
  session: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

/** Parses /proc/PID/stat; comm may hold spaces and parentheses, so fields are counted from the last ')'. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0]!,
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    session: Number(rest[3]),
    cpuTicks: Number(rest[11]) + Number(rest[12]),
  };
}

// USER_HZ is 100 on every Linux architecture Node runs on (it is part of the kernel ABI).
export const TICK_MS = 10;

export function canReadProcesses(): boolean {
  return process.platform === 'linux' && !process.env.HANDSHAKE_NO_PROC;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** Every live process whose process group is `pgid` (zombies excluded), found by scanning /proc. */
export function listGroup(pgid: number): ProcStat[] {
  if (!canReadProcesses()) return [];
  const members: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(stat);
  }
  return members;
}

/** True when the process has ended (gone, or a zombie its parent has not reaped yet). */
export function hasEnded(pid: number): boolean {
  if (!canReadProcesses()) return false;
  const stat = readStat(pid);
  return !stat || stat.state === 'Z';
}

const recentGroups = new Map<number, { at: number; members: ProcStat[] }>();

/**
 * The live descendants of a group leader that are still in its group, following the kernel's
 * children lists: far cheaper than scanning all of /proc, which listGroup() falls back to.
 * Each walk reads every thread's children file, so pollers pass `maxAgeMs` to share a recent one.
 */
export function listGroupFromLeader(pgid: number, options: { maxAgeMs?: number } = {}): ProcStat[] {
  if (!canReadProcesses()) return [];
  const now = performance.now();
  const recent = recentGroups.get(pgid);
  if (recent && options.maxAgeMs !== undefined && now - recent.at <= options.maxAgeMs) return recent.members;
  const members = walkGroup(pgid);
  // One entry per group a run has looked at: a handful; dropped wholesale if a long run piles them up.
  if (recentGroups.size > 100) recentGroups.clear();
  recentGroups.set(pgid, { at: now, members });
  return members;
}

function walkGroup(pgid: number): ProcStat[] {
  const found: ProcStat[] = [];
  const pending = [pgid];
  try {
    while (pending.length > 0 && found.length < 1000) {
      const pid = pending.pop()!;
      const stat = readStat(pid);
      if (!stat || stat.state === 'Z') continue;
      if (stat.pgrp === pgid) found.push(stat);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(/\s+/).map(Number));
      }
    }
  } catch {
    // A process ended while we walked, or the kernel lacks children lists: scan instead.
    return listGroup(pgid);
  }
  return found;
}

export interface CpuSample {
  /** Time spent running on a CPU, in ms. */
  runMs: number;
  /** Time spent runnable but waiting for a CPU, in ms (0 where schedstat is missing). */
  waitMs: number;
  /** How many times its threads were put on a CPU: each one a wake-up (0 where schedstat is missing). */
  runs: number;
}

/** Parses /proc/PID/task/TID/schedstat: "run-ns wait-ns timeslices". */
export function parseSchedstat(text: string): CpuSample {
  const [run, wait, runs] = text.trim().split(/\s+/).map(Number);
  return { runMs: (run ?? 0) / 1e6, waitMs: (wait ?? 0) / 1e6, runs: runs ?? 0 };
}

function processCpu(p: ProcStat): CpuSample {
  // Per-thread schedstat has nanosecond precision and tells waiting from idle, so a spinning
  // program shows near 100% demand even on a loaded machine; stat's ticks are the fallback.
  const total = { runMs: 0, waitMs: 0, runs: 0 };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${p.pid}/task`);
  } catch {
    return { runMs: p.cpuTicks * TICK_MS, waitMs: 0, runs: 0 };
  }
  for (const tid of tids) {
    try {
      const t = parseSchedstat(readFileSync(`/proc/${p.pid}/task/${tid}/schedstat`, 'utf8'));
      total.runMs += t.runMs;
      total.waitMs += t.waitMs;
      total.runs += t.runs;
    } catch {
      // this thread ended between the listing and the reading: the others still count
    }
  }
  return total;
}

/** CPU used and waited for so far by the live members of a process group. */
export function groupCpu(pgid: number): CpuSample {
  return listGroupFromLeader(pgid).map(processCpu).reduce((a, b) => ({ runMs: a.runMs + b.runMs, waitMs: a.waitMs + b.waitMs, runs: a.runs + b.runs }), { runMs: 0, waitMs: 0, runs: 0 });
}

/** Socket inodes held by every member of a process group (`maxAgeMs`: how old a shared group listing may be). */
export function groupSocketInodes(pgid: number, options: { maxAgeMs?: number } = {}): Set<number> {
  return new Set(listGroupFromLeader(pgid, options).flatMap((p) => socketInodes(p.pid)));
}
