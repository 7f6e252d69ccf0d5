// One folder per grading process for every socket file and folder the grader makes. Each check
// removes its own; the folder itself goes when the process exits, and the guardian removes it
// if the grader is killed (SIGKILL included), so no socket file is left in the temp folder.
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerFolder } from '../process/process-registry.ts';

let folder: string | undefined;

/** A new folder inside the run's folder (made on first use). */
export function makeFolder(): string {
  if (!folder) {
    const made = mkdtempSync(join(baseFolder(), 'handshake-'));
    folder = made;
    registerFolder(made);
    // Synchronous: it runs inside the 'exit' handlers, where nothing asynchronous completes.
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return mkdtempSync(join(folder, 'c-'));
}

/** What a socket path adds to the base folder: "/handshake-XXXXXX/c-XXXXXX/program.sock". */
const ADDED = 41;
/** A Unix socket's path has room for 107 bytes (108 with its terminating zero; 104 on macOS). */
const MAX_SOCKET_PATH = 100;

/** The temp folder, or /tmp where it is so deep that a socket path in it would not fit. */
function baseFolder(): string {
  const base = tmpdir();
  if (Buffer.byteLength(base) + ADDED <= MAX_SOCKET_PATH) return base;
  try {
    accessSync('/tmp', constants.W_OK);
    return '/tmp';
  } catch {
    return base;
  }
}
