// Reads what a process's file descriptors refer to, from the links in /proc/PID/fd (Linux).
import { readlinkSync } from 'node:fs';

/** The inode of a socket link ("socket:[12345]"); undefined for anything else (a pipe, a file, an epoll instance). */
export function parseSocketLink(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

/**
 * What fd `fd` of a thread refers to: "socket:[N]", "pipe:[N]", "anon_inode:[eventpoll]", a path.
 * Undefined when it is closed or cannot be read (another user's process without ptrace rights).
 */
export function readFdLink(pid: number, fd: number, tid?: number): string | undefined {
  try {
    // A thread's own fd table is the process's, unless it was made with clone() without CLONE_FILES.
    return readlinkSync(tid === undefined ? `/proc/${pid}/fd/${fd}` : `/proc/${pid}/task/${tid}/fd/${fd}`);
  } catch {
    return undefined;
  }
}
