// The only place that starts processes: a student's program, in its own process group,
// with its output captured and capped, and a stop() that leaves nothing behind.
import { execa } from 'execa';
import { OutputTail } from './output-tail.ts';
import { forgetGroup, registerGroup, signalGroup } from './process-registry.ts';
import type { LaunchCommand } from './program-spec.ts';
import { sleep, within } from '../timing.ts';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** True when the grader stopped it; false when it ended by itself. */
  stoppedByGrader: boolean;
  atMs: number;
}

export interface RunningProgram {
  pid: number;
  display: string;
  output: OutputTail;
  /** Resolves when the program's main process exits. */
  exited: Promise<ExitInfo>;
  exitInfo(): ExitInfo | undefined;
  stop(): Promise<ExitInfo>;
}

export const STOP_GRACE_MS = 500;

export function launchProgram(command: LaunchCommand, env: Record<string, string>, cwd: string): RunningProgram {
  const startedAt = performance.now();
  const output = new OutputTail();
  const child = execa(command.file, command.args, {
    shell: command.shell,
    // Its own process group, so stop() can reach every process it starts.
    detached: true,
    cwd,
    env: { PYTHONUNBUFFERED: '1', ...env },
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
    // The registry kills whole groups; execa's own cleanup would reach the leader only.
    cleanup: false,
  });
  const pid = child.pid;
  let exit: ExitInfo | undefined;
  let stopping = false;
  child.all?.on('data', (chunk: Buffer) => output.push(chunk));
  // A program that cannot be spawned at all reports through 'error' and then 'exit' or 'close'.
  child.catch(() => undefined);
  const exited = new Promise<ExitInfo>((resolveExit) => {
    const done = (code: number | null, signal: string | null) => {
      if (exit) return;
      exit = { code, signal, stoppedByGrader: stopping, atMs: performance.now() - startedAt };
      resolveExit(exit);
    };
    child.on('exit', done);
    child.on('error', (err) => {
      output.push(Buffer.from(`${err.message}\n`));
      done(127, null);
    });
  });
  if (pid === undefined) {
    return { pid: -1, display: command.display, output, exited, exitInfo: () => exit, stop: () => exited };
  }
  registerGroup(pid);

  async function stop(): Promise<ExitInfo> {
    stopping = exit === undefined;
    signalGroup(pid!, 'SIGTERM');
    await within(exited, STOP_GRACE_MS);
    // After the grace, whoever is left: a leader that ignored SIGTERM, and children that outlived
    // the leader (a shell's, socat's forks), which are in the group too.
    signalGroup(pid!, 'SIGKILL');
    const info = await exited;
    await waitForGroupGone(pid!);
    forgetGroup(pid!);
    // A process that left the group (setsid) may still hold the output pipe: stop listening to it.
    for (const stream of [child.all, child.stdout, child.stderr]) stream?.destroy();
    return info;
  }

  return { pid, display: command.display, output, exited, exitInfo: () => exit, stop };
}

async function waitForGroupGone(pgid: number): Promise<void> {
  // Signal 0 only asks whether any member is left (zombies count until reaped, which is quick).
  // Bounded: SIGKILL cannot be ignored, the kernel only needs a moment.
  for (let i = 0; i < 200 && signalGroup(pgid, 0); i++) {
    signalGroup(pgid, 'SIGKILL');
    await sleep(5);
  }
}
