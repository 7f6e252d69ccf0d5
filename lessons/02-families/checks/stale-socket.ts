// Leaves a stale Unix socket file: a child process binds the path, listens, and is killed with
// SIGKILL, so nothing of it runs to remove the file. (A server of the grader's own cannot leave
// one: closing a Node server unlinks its file.)
import { spawn } from 'node:child_process';
import { linkSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { within } from '../../../grader/sdk.ts';

const CHILD_WITHIN_MS = 5000;
const KEPT_NAME = 'stale-socket-kept-by-grader';
// The child kills itself once it listens: the file stays, the listener is gone.
const CHILD = "require('node:net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))";

/** Creates the stale file at `path` and resolves with its inode; throws (the grader's error) if it could not. */
export async function leaveStaleSocket(path: string): Promise<number> {
  const { NODE_OPTIONS: _loader, ...env } = process.env;
  const child = spawn(process.execPath, ['-e', CHILD, path], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<string | null>((resolve) => {
    child.on('exit', (_code, signal) => resolve(signal));
    child.on('error', (err) => resolve(err.message));
  });
  const signal = await within(ended, CHILD_WITHIN_MS);
  if (signal === undefined) child.kill('SIGKILL');
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (signal !== 'SIGKILL' || !stat?.isSocket()) {
    throw new Error(`the grader could not leave a stale socket file at ${path} (its helper process ended with ${signal ?? 'no exit'}${stderr ? `: ${stderr.trim()}` : ''})`);
  }
  // A second name keeps the stale inode allocated after the program unlinks the file, so its new
  // socket cannot get the same inode number (tmpfs reuses them at once): readiness without /proc
  // tells the two apart by it.
  linkSync(path, join(dirname(path), KEPT_NAME));
  return stat.ino;
}
