// One folder per grading process for every socket file and folder the grader makes. Each check
// removes its own; the folder itself goes when the process exits, and the guardian removes it
// if the grader is killed (SIGKILL included), so no socket file is left in the temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerFolder } from '../process/process-registry.ts';

let folder: string | undefined;

/** A new folder inside the run's folder (made on first use). */
export function makeFolder(): string {
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), 'handshake-run-'));
    folder = made;
    registerFolder(made);
    // Synchronous: it runs inside the 'exit' handlers, where nothing asynchronous completes.
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return mkdtempSync(join(folder, 'c-'));
}
