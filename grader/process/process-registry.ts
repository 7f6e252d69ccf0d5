// Remembers every process group the grader started, so that any way out of the grader
// (normal end, Ctrl-C, SIGTERM, an internal crash, even SIGKILL) kills them all.
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

const live = new Set<number>();
let installed = false;
let guardian: Writable | undefined;

// A shell in its own process group that reads "+PGID"/"-PGID" lines, and "=FOLDER" for the run's
// folder of socket files. When its input ends, which the kernel guarantees when the grader dies by
// any means, it kills what is left, then removes the folder.
const GUARDIAN = `
trap '' INT TERM HUP
groups=' '
folder=
while IFS= read -r line; do
  case $line in
    +*) groups="$groups\${line#+} " ;;
    -*) p=\${line#-}; case $groups in *" $p "*) groups="\${groups%% $p *} \${groups#* $p }" ;; esac ;;
    =*) folder=\${line#=} ;;
  esac
done
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
[ -n "$folder" ] && rm -rf -- "$folder"
`;

/**
 * Starts the guardian (idempotent). Called before the first launch, so that no program can
 * ever run in a window where the grader's death would leave it behind.
 */
export function startGuardian(): void {
  installExitHook();
  if (guardian || process.platform === 'win32') return;
  const child = spawn('sh', ['-c', GUARDIAN], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => undefined);
  // Neither the guardian nor its pipe may keep the grader alive.
  child.unref();
  const stdin = child.stdin!;
  (stdin as unknown as { unref?: () => void }).unref?.();
  stdin.on('error', () => undefined);
  guardian = stdin;
}

/** Tells the guardian about a group; resolves once the line has reached the pipe (the kernel holds it). */
export function registerGroup(pgid: number): Promise<void> {
  live.add(pgid);
  startGuardian();
  const g = guardian;
  if (!g || g.destroyed) return Promise.resolve();
  return new Promise((resolve) => g.write(`+${pgid}\n`, () => resolve()));
}

/** Tells the guardian the run's folder, to remove if the grader dies without doing so itself. */
export function registerFolder(path: string): void {
  startGuardian();
  if (guardian && !guardian.destroyed) guardian.write(`=${path}\n`);
}

export function forgetGroup(pgid: number): void {
  live.delete(pgid);
  if (guardian && !guardian.destroyed) guardian.write(`-${pgid}\n`);
}

/** Sends `signal` to a whole process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
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
