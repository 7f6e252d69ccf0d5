// Leaves a stale Unix socket file: a socket inode at the path that nothing listens on any more, as
// a killed server leaves it. The grader listens under another name, links the path to the same
// inode, and closes: Node unlinks the name it bound, and the path stays behind, refused.
import { linkSync, lstatSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';

// Short: a Unix socket's path has room for 107 bytes, folders included.
const BOUND_NAME = 'b.sock';
const KEPT_NAME = 'stale-socket-kept-by-grader';

/** Creates the stale file at `path` and resolves with its inode; throws (the grader's error) if it could not. */
export async function leaveStaleSocket(path: string): Promise<number> {
  const bound = join(dirname(path), BOUND_NAME);
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bound, () => resolve());
  });
  linkSync(bound, path);
  await new Promise((resolve) => server.close(resolve));
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat?.isSocket() || lstatSync(bound, { throwIfNoEntry: false })) {
    throw new Error(`the grader could not leave a stale socket file at ${path} (after its own listener closed, ${stat?.isSocket() ? `${bound} was still there` : 'the path held no socket'})`);
  }
  // A second name keeps the stale inode allocated after the program unlinks the file, so its new
  // socket cannot get the same inode number (tmpfs reuses them at once): readiness without /proc
  // tells the two apart by it.
  linkSync(path, join(dirname(path), KEPT_NAME));
  return stat.ino;
}
