// Kills a grading run with SIGKILL the moment its program's first process appears, then looks
// for debris: a process of the program still alive, or a listener left on a port it was given.
// Shared by test/e2e/grade-command.test.ts (a few tries) and scripts/verify/no-debris.sh (many).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** `group`: the grader's whole process group (npm included), as a CI timeout does; `grader`: the grader's node process alone. */
export type KillMode = 'group' | 'grader';

export interface KillTry {
  mode: KillMode;
  /** False when no process of the program appeared in time (the try says nothing). */
  sawProgram: boolean;
  /** Other processes of the run (npm, the grader, the guardian) alive after the settle time. */
  leftOthers: number;
  /** Ports the program's processes were given (PORT in their environment). */
  ports: number[];
  /** Processes of the program alive after the settle time, with their command lines. */
  leftProcesses: { pid: number; command: string }[];
  /** Ports among `ports` with a listener after the settle time. */
  leftListening: number[];
}

export interface KillOptions {
  /** The project to grade from (its `npm run grade`). */
  root: string;
  /** The program to grade, as --cmd takes it; it must run until stopped. */
  command?: string;
  /** How long the guardian may take to clean up after the grader's death. */
  settleMs?: number;
}

const FIXTURE = 'python3 lessons/05-server-loops/fixtures/spin-on-empty-read.py';
let tries = 0;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

function stat(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  const text = read(`/proc/${pid}/stat`);
  const m = text && /\) (\S) (\d+) (\d+)/.exec(text);
  return m ? { state: m[1]!, ppid: Number(m[2]), pgrp: Number(m[3]) } : undefined;
}

/** Ports with a TCP listener (IPv4 or IPv6), read straight from the kernel's tables. */
export function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A') ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/**
 * Watches /proc for the run's processes. A pid whose environment lacks the marker is never read
 * again; one that has it is re-read until it has exec'd, since right after fork() it still shows
 * its parent's environment.
 */
class RunWatcher {
  private readonly ignored = new Set<number>();
  private readonly marked = new Set<number>();
  readonly ports = new Set<number>();

  constructor(private readonly marker: string, private readonly graderGroup: number) {}

  /** The live processes of the program: the marker and a PORT in their environment, outside the grader's group. */
  programProcesses(): { pid: number; ppid: number; port: number }[] {
    const found: { pid: number; ppid: number; port: number }[] = [];
    const present = new Set<number>();
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      present.add(pid);
      if (this.ignored.has(pid)) continue;
      const env = read(`/proc/${pid}/environ`);
      if (env === undefined) {
        this.marked.delete(pid);
        continue;
      }
      if (!env.includes(this.marker)) {
        if (!this.marked.has(pid)) this.ignored.add(pid);
        continue;
      }
      this.marked.add(pid);
      const port = /(?:^|\0)PORT=(\d+)/.exec(env)?.[1];
      const s = stat(pid);
      if (!port || !s || s.state === 'Z' || s.pgrp === this.graderGroup) continue;
      this.ports.add(Number(port));
      found.push({ pid, ppid: s.ppid, port: Number(port) });
    }
    // A pid that has gone may come back as another process (pids wrap at pid_max): read it again then.
    for (const pid of this.ignored) if (!present.has(pid)) this.ignored.delete(pid);
    return found;
  }

  /** Every live process that carries the marker (npm, the grader, the guardian, the program). */
  anyLeft(): number[] {
    this.programProcesses();
    return [...this.marked].filter((pid) => {
      const s = stat(pid);
      return s && s.state !== 'Z';
    });
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function killGraderOnce(mode: KillMode, options: KillOptions): Promise<KillTry> {
  const marker = `HANDSHAKE_KILL_MARKER=${process.pid}-${++tries}-${Math.random().toString(36).slice(2)}`;
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', HANDSHAKE_KILL_MARKER: marker.split('=')[1] };
  delete env.PORT;
  delete env.HOST;
  const npm = spawn('npm', ['run', '--silent', 'grade', '--', 'lesson5', '--cmd', options.command ?? FIXTURE], { cwd: options.root, detached: true, env, stdio: 'ignore' });
  const npmExited = new Promise<void>((r) => npm.once('exit', () => r()));
  const watcher = new RunWatcher(marker, npm.pid!);
  const result: KillTry = { mode, sawProgram: false, leftOthers: 0, ports: [], leftProcesses: [], leftListening: [] };
  try {
    // Every 1 ms or so, bounded: the first process of the program, the moment it is there.
    // The program's leader is the one whose parent is the grader (pids wrap, so /proc's order says nothing).
    const launchedByGrader = (p: { ppid: number }) => stat(p.ppid)?.pgrp === npm.pid;
    let first: { pid: number; ppid: number } | undefined;
    for (const end = performance.now() + 20_000; !first && performance.now() < end; await pause(1)) {
      const found = watcher.programProcesses();
      first = found.find(launchedByGrader) ?? (mode === 'group' ? found[0] : undefined);
    }
    // `grader`: the process that launched the program, the grader's node (npm and its shell stay).
    if (!first) return result;
    result.sawProgram = true;
    process.kill(mode === 'group' ? -npm.pid! : first.ppid, 'SIGKILL');
    if (mode === 'grader') await Promise.race([npmExited, pause(5000)]);
    // The guardian works as soon as its pipe from the grader closes; give it a bounded moment.
    for (const end = performance.now() + (options.settleMs ?? 2000); performance.now() < end && watcher.anyLeft().length > 0; ) await pause(10);
    const left = watcher.programProcesses();
    result.leftOthers = watcher.anyLeft().length - left.length;
    result.ports = [...watcher.ports];
    const listening = listeningPorts();
    result.leftListening = result.ports.filter((p) => listening.has(p));
    result.leftProcesses = left.map((p) => ({ pid: p.pid, command: (read(`/proc/${p.pid}/cmdline`) ?? '').replaceAll('\0', ' ').trim() }));
    return result;
  } finally {
    // Whatever happened, nothing of this try outlives it: the run's own groups, by their ids.
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    for (const pid of watcher.anyLeft()) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // not a group leader, or gone
        }
      }
    }
  }
}
