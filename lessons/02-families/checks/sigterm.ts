// SIGTERM to the process that holds the Unix listener. For a --cmd the shell may stay the parent
// (dash does not exec a lone command): signalled too, it would die of SIGTERM and report "killed"
// for a server that exited 0.
import { readdirSync, readlinkSync } from 'node:fs';
import type { Harness, Program } from '../../../grader/sdk.ts';

/** Pure: the one process whose fds include `inode`; undefined when none or several do. */
export function pickOwner(links: Map<number, string[]>, inode: number): number | undefined {
  const owners = [...links].filter(([, l]) => l.includes(`socket:[${inode}]`)).map(([pid]) => pid);
  return owners.length === 1 ? owners[0] : undefined;
}

function fdLinks(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
      } catch {
        return []; // closed while we looked
      }
    });
  } catch {
    return []; // ended, or not ours to read
  }
}

/** SIGTERM to the owner of the Unix listener at `path` when that is not the program's first process; else to its group. */
export function sendSigterm(h: Harness, program: Program, path: string): void {
  const inode = h.kernel.unixAt(path).find((s) => s.listening)?.inode;
  const pids = [...new Set(h.kernel.doing(program).map((t) => t.pid))];
  const owner = inode && pids.length > 1 ? pickOwner(new Map(pids.map((p) => [p, fdLinks(p)])), inode) : undefined;
  if (owner === undefined || owner === program.pid) {
    program.signal('SIGTERM');
    return;
  }
  try {
    process.kill(owner, 'SIGTERM');
  } catch {
    program.signal('SIGTERM'); // it ended meanwhile: the group is what is left
  }
}
