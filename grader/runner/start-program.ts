// Starts one copy of the program under test: resolves its command, gives it its environment and
// endpoints, launches it and waits until it has bound what it must.
import { CompileError } from '../process/compile-typescript.ts';
import { launchProgram, type RunningProgram } from '../process/launch-program.ts';
import { resolveLaunch, type ProgramSpec } from '../process/program-spec.ts';
import { compileFailed } from '../messages/startup.ts';
import { invocationDir } from '../paths.ts';
import type { Endpoint } from './endpoints.ts';
import { watchMemory, type MemoryWatch } from './watch-memory.ts';
import { READY_TIMEOUT_MS, waitForReady } from './wait-for-ready.ts';

/** A running copy of the program, with where it was told to be. */
export interface Program extends RunningProgram {
  host: string;
  port: number;
  socketPath?: string;
  /** The variables the grader set (HOST, PORT, SOCKET_PATH and the lesson's own). */
  env: Record<string, string>;
  /** The cap the program was stopped at, in words, if it hit one. */
  limitHit(): string | undefined;
}

export interface StartRequest {
  spec: ProgramSpec;
  host: string;
  port: number;
  socketPath?: string;
  env: Record<string, string>;
  endpoints: Endpoint[];
  readyWithinMs?: number;
  memoryCapBytes: number;
}

export async function startProgram(r: StartRequest): Promise<{ program: Program; ready: Promise<void> }> {
  let command;
  try {
    command = await resolveLaunch(r.spec, { host: r.host, port: r.port, socketPath: r.socketPath });
  } catch (err) {
    if (err instanceof CompileError) throw compileFailed(err.message);
    throw err;
  }
  const running = await launchProgram(command, { env: { ...stringEnv(process.env), ...r.env }, cwd: invocationDir() });
  const memory: MemoryWatch = watchMemory(running, r.memoryCapBytes);
  void running.exited.then(() => memory.stop());
  const program: Program = Object.assign(running, {
    host: r.host,
    port: r.port,
    socketPath: r.socketPath,
    env: r.env,
    limitHit: () => memory.hit(),
  });
  const ready = waitForReady({ program, env: r.env, port: r.port, endpoints: r.endpoints }, r.readyWithinMs ?? READY_TIMEOUT_MS);
  return { program, ready };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
