// SIGTERM, sent fairly: only once the program has finished setting up (every thread asleep, waiting
// for clients: a Node program installs its handler after its listen() calls, in the same run of its
// code), and to the process that holds the Unix listener. For a --cmd the shell may stay the
// parent (dash does not exec a lone command): signalled too, it would die of SIGTERM and report
// "killed" for a server that exited 0.
import { readdirSync, readlinkSync } from 'node:fs';
import { activeNow, sleep, type Harness, type Program } from '../../../grader/sdk.ts';

/** How long every thread must sleep in a row; how long the program has to get there. */
const CALM_MS = 50;
const SETTLE_WITHIN_MS = 1000;
const POLL_MS = 5;

/**
 * Waits until the program sits idle (or SETTLE_WITHIN_MS passed); true when it did. Without /proc,
 * one client served on the Unix socket is the evidence that it is back in its loop.
 */
export async function waitUntilSettled(h: Harness, program: Program): Promise<boolean> {
  if (!h.kernel.processesReadable) return serveOneClient(h);
  const deadline = activeNow() + SETTLE_WITHIN_MS;
  let calmSince: number | undefined;
  while (activeNow() < deadline && !program.exitInfo()) {
    const threads = h.kernel.doing(program);
    const calm = threads.length > 0 && threads.every((t) => t.state === 'S');
    calmSince = calm ? (calmSince ?? activeNow()) : undefined;
    if (calmSince !== undefined && activeNow() - calmSince >= CALM_MS) return true;
    await sleep(POLL_MS);
  }
  return false;
}

async function serveOneClient(h: Harness): Promise<boolean> {
  const peer = await h.tryConnect('client before the signal', { path: h.socketPath });
  if (!('localPort' in peer)) return false;
  const { outcome } = await peer.readUntilEnd(SETTLE_WITHIN_MS, SETTLE_WITHIN_MS, 4096);
  peer.destroy();
  return outcome === 'fin';
}

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
