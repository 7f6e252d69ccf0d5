// Sends SIGTERM to the process that serves the port. For a program file that is the program itself
// (its whole group gets it, as from the engine); for a --cmd that the shell did not exec (dash keeps
// itself as the parent), the shell would die of the signal and report "killed by SIGTERM" for a
// server that shut down cleanly: then only the server is signalled, and the shell exits with its status.
import { readdirSync, readlinkSync } from 'node:fs';
import type { Harness, Program } from '../../../grader/sdk.ts';

/** Pure: the process holding `inode`, from each candidate's socket links; undefined when none (or several) do. */
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

/** Signals the listener's owner alone when it is not the program's own process; else the program's group. */
export function signalServer(h: Harness, program: Program, signal: NodeJS.Signals): void {
  const inode = h.kernel.listener(program.port)?.inode;
  const pids = [...new Set(h.kernel.doing(program).map((t) => t.pid))];
  const owner = inode && pids.length > 1 ? pickOwner(new Map(pids.map((p) => [p, fdLinks(p)])), inode) : undefined;
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
