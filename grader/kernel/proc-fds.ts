// Reads what a process's file descriptors refer to, from the links in /proc/PID/fd (Linux): sockets above all.
import { readdirSync, readlinkSync } from 'node:fs';

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

/**
 * Socket inodes held open by a process (from its fd links, "socket:[12345]"). Its stdio is left
 * out: Node hands a child socketpairs, not pipes, for stdin, stdout and stderr.
 */
export function socketInodes(pid: number): number[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`).filter((fd) => Number(fd) > 2);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    const link = readFdLink(pid, Number(fd)); // undefined: closed while we looked
    const inode = link === undefined ? undefined : parseSocketLink(link);
    return inode === undefined ? [] : [inode];
  });
}
