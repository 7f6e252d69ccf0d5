// Pieces of the harness that deal with one program or one peer: connecting before /proc can tell
// that the program listens, stopping a program with a sweep for processes that escaped it, and
// launching a copy that outlives its check.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { processesOnPort } from '../kernel/find-socket-owners.ts';
import { exitedBeforeReady } from '../messages/startup.ts';
import { describeEscapee } from '../messages/grader.ts';
import { ConnectError, type StreamPeer } from '../net/stream-peer.ts';
import { activeNow, sleep } from '../timing.ts';
import type { Program } from './start-program.ts';
import { READY_TIMEOUT_MS } from './wait-for-ready.ts';
import { makeFolder } from './run-folder.ts';
import { mayBeHeld } from './probe-bind.ts';

export const CONNECT_TIMEOUT_MS = 3000;

/** Without /proc, a refusal may only mean "not listening yet": retried until the program listens or ends. */
export async function connectWhenListening(peer: StreamPeer, to: { host: string; port: number }, program: Program): Promise<void> {
  const deadline = activeNow() + READY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await peer.connect(to, CONNECT_TIMEOUT_MS);
    } catch (err) {
      const refused = err instanceof ConnectError && err.code === 'ECONNREFUSED';
      if (!refused || activeNow() > deadline) throw err;
      if (program.exitInfo()) throw exitedBeforeReady({ program, env: program.env, port: program.port, endpoints: [{ kind: 'tcp', host: to.host }] });
      await sleep(pause);
    }
  }
}

/**
 * Stops a program, then kills anything that still holds its port: a child that left the process
 * group with setsid() survives the group's SIGKILL, and would keep listening after the run.
 */
export async function stopAndSweep(program: Program, notes: string[], options: { client?: boolean } = {}): Promise<void> {
  await program.stop();
  // A client's port is the grader's own server's: nothing of the program's can be found by it.
  if (options.client) return;
  // Reading the TCP tables costs milliseconds; a bind that succeeds shows at once that nobody holds the port.
  if (!(await mayBeHeld(program.port))) return;
  for (const p of processesOnPort(program.port).holders) {
    if (p.pid === process.pid) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    notes.push(describeEscapee(p, program.port));
  }
}

/** A copy that outlives the check that starts it (the shared one), with its socket file in a folder of its own, removed with it. */
export async function launchInOwnFolder(launch: (socketFile?: string) => Promise<Program>, notes: string[], withFolder: boolean): Promise<{ program: Program; stop: () => Promise<void> }> {
  const dir = withFolder ? makeFolder() : undefined;
  const removeDir = () => void (dir && rmSync(dir, { recursive: true, force: true }));
  try {
    const program = await launch(dir && join(dir, 'program.sock'));
    return { program, stop: async () => (await stopAndSweep(program, notes), removeDir()) };
  } catch (err) {
    removeDir();
    throw err;
  }
}
