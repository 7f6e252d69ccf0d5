// The only place that starts processes: a program in its own process group, with its output
// captured and capped, and a stop() that leaves nothing behind.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { canReadProcesses, listGroup } from '../kernel/proc-processes.ts';
import { OutputTail } from './output-tail.ts';
import { forgetGroup, registerGroup, signalGroup } from './process-registry.ts';
import type { LaunchCommand } from './program-spec.ts';
import { sleep, within } from '../timing.ts';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** True when the grader stopped it; false when it ended by itself. */
  stoppedByGrader: boolean;
  /** ms from the program's start. */
  atMs: number;
  /** True when its output pipes had closed when the exit was reported: everything it printed is in. */
  outputComplete?: boolean;
}

export interface RunningProgram {
  pid: number;
  display: string;
  /** stdout and stderr interleaved as they came, and each on its own. */
  output: OutputTail;
  stdout: OutputTail;
  stderr: OutputTail;
  /** performance.now() when it was started. */
  startedAt: number;
  /** Resolves when the program's main process exits. */
  exited: Promise<ExitInfo>;
  exitInfo(): ExitInfo | undefined;
  /** Sends a signal to the program's whole process group; false when the group is gone. */
  signal(signal: NodeJS.Signals): boolean;
  /** Waits (in the grader's active time) for the program to end; undefined if it is still running. */
  waitForExit(ms: number): Promise<ExitInfo | undefined>;
  /** SIGTERM, then SIGKILL to the whole group after `graceMs`; resolves when every member is gone. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export const STOP_GRACE_MS = 500;
/** How long after its exit a program's last output may still be on its way through the pipes. */
const OUTPUT_DRAIN_MS = 100;

// The program waits for a "go" line on fd 3 before it becomes itself. The grader sends it only
// once the guardian knows the program's process group, so there is no moment in which a SIGKILL
// of the grader could leave the program running; if the grader dies first, the read ends
// empty and the program never starts.
const GATE = 'IFS= read -r go <&3 && [ "$go" = go ] || exit 125; exec 3<&-; exec "$@"';

export interface LaunchOptions {
  env: Record<string, string>;
  cwd: string;
}

export async function launchProgram(command: LaunchCommand, options: LaunchOptions): Promise<RunningProgram> {
  const startedAt = performance.now();
  const output = new OutputTail();
  const stdout = new OutputTail();
  const stderr = new OutputTail();
  const target = command.shell ? ['/bin/sh', '-c', command.file] : [command.file, ...command.args];
  const child = spawn('/bin/sh', ['-c', GATE, 'gate', ...target], {
    // Its own process group (and session), so stop() can reach every process it starts.
    detached: true,
    cwd: options.cwd,
    env: { PYTHONUNBUFFERED: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  let exit: ExitInfo | undefined;
  let stopping = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    output.push(chunk);
    stdout.push(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output.push(chunk);
    stderr.push(chunk);
  });
  const exited = new Promise<ExitInfo>((resolveExit) => {
    let pipesClosed = false;
    child.once('close', () => (pipesClosed = true));
    const done = (code: number | null, signal: string | null, at = performance.now()) => {
      if (exit) return;
      exit = { code, signal, stoppedByGrader: stopping, atMs: at - startedAt, outputComplete: pipesClosed };
      resolveExit(exit);
    };
    // 'exit' can come before the last bytes on the pipes: wait for them ('close'), a little at most,
    // since a child that left the group may hold the pipes open.
    child.on('exit', (code, signal) => {
      const at = performance.now();
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      void within(closed, OUTPUT_DRAIN_MS).then(() => done(code, signal, at));
    });
    child.on('error', (err) => {
      output.push(Buffer.from(`${err.message}\n`));
      done(127, null);
    });
  });
  const gate = child.stdio[3] as Writable;
  gate.on('error', () => undefined);
  const streams = [child.stdout, child.stderr, gate] as (Readable | Writable)[];
  if (pid === undefined) {
    gate.destroy();
    return { pid: -1, display: command.display, output, stdout, stderr, startedAt, exited, exitInfo: () => exit, signal: () => false, waitForExit: (ms) => within(exited, ms), stop: () => exited };
  }
  await registerGroup(pid);
  gate.end('go\n');

  async function stop(graceMs = STOP_GRACE_MS): Promise<ExitInfo> {
    stopping = exit === undefined;
    signalGroup(pid!, 'SIGTERM');
    await within(exited, graceMs);
    // After the grace, whoever is left: a leader that ignored SIGTERM, and children that outlived
    // the leader (a shell's, socat's forks), which are in the group too.
    signalGroup(pid!, 'SIGKILL');
    const info = await exited;
    await waitForGroupGone(pid!);
    forgetGroup(pid!);
    // A process that left the group (setsid) may still hold the output pipes: stop listening to them.
    for (const stream of streams) stream.destroy();
    return info;
  }

  return {
    pid,
    display: command.display,
    output,
    stdout,
    stderr,
    startedAt,
    exited,
    exitInfo: () => exit,
    signal: (signal) => signalGroup(pid, signal),
    waitForExit: (ms) => within(exited, ms),
    stop,
  };
}

async function waitForGroupGone(pgid: number): Promise<void> {
  // Signal 0 only asks whether any member is left (zombies count until reaped, which is quick).
  // Bounded: SIGKILL cannot be ignored, the kernel only needs a moment.
  // A zombie no one reaps (an orphan whose new parent never waits) still answers signal 0: with /proc, count the living only.
  const anyLeft = () => signalGroup(pgid, 0) && (!canReadProcesses() || listGroup(pgid).length > 0);
  for (let i = 0; i < 200 && anyLeft(); i++) {
    signalGroup(pgid, 'SIGKILL');
    await sleep(5);
  }
}
