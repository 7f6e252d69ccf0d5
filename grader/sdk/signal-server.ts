// Signals the process that serves, not a shell around it: for a --cmd the shell did not exec (a
// command list), the shell would die of the signal and report "killed" for a server that shut down
// cleanly. A program file is its own first process: then its whole group is signalled, as always.
import { readdirSync, readlinkSync } from 'node:fs';
import type { Program } from '../runner/start-program.ts';
import type { KernelView } from '../runner/kernel-view.ts';

/** Pure: the one process whose fd links include the socket `inode`; undefined when none or several do. */
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
    return []; // the process ended, or its fds are not ours to read
  }
}

/** Signals the owner of the listening socket `listenerInode` alone when it is not the program's first process; else the program's group. */
export function signalServer(kernel: KernelView, program: Program, signal: NodeJS.Signals, listenerInode: number | undefined): void {
  const pids = [...new Set(kernel.doing(program).map((t) => t.pid))];
  const owner = listenerInode && pids.length > 1 ? pickOwner(new Map(pids.map((p) => [p, fdLinks(p)])), listenerInode) : undefined;
  if (owner === undefined || owner === program.pid) {
    program.signal(signal);
    return;
  }
  try {
    process.kill(owner, signal);
  } catch {
    program.signal(signal); // it ended meanwhile: the group is what is left
  }
}
