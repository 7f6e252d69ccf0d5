// Remembers every process group the grader started, so that any way out of the grader
// (normal end, Ctrl-C, SIGTERM, an internal crash) kills them all.
const live = new Set<number>();
let installed = false;

export function registerGroup(pgid: number): void {
  live.add(pgid);
  installExitHook();
}

export function forgetGroup(pgid: number): void {
  live.delete(pgid);
}

export function liveGroups(): number[] {
  return [...live];
}

/** Sends `signal` to a whole process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Synchronous on purpose: it runs inside 'exit' handlers, where nothing asynchronous completes. */
export function killAllGroups(): void {
  for (const pgid of live) signalGroup(pgid, 'SIGKILL');
  live.clear();
}

function installExitHook(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllGroups);
}
