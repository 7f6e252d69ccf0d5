// Names of the system calls a network program blocks in, by number, for the two architectures Node ships for on Linux.
// Numbers from arch/x86/entry/syscalls/syscall_64.tbl and include/uapi/asm-generic/unistd.h (aarch64).

export type SyscallName =
  | 'read' | 'write' | 'readv' | 'writev' | 'pread64' | 'sendfile' | 'openat' | 'close'
  | 'recvfrom' | 'recvmsg' | 'recvmmsg' | 'sendto' | 'sendmsg' | 'sendmmsg'
  | 'accept' | 'accept4' | 'connect' | 'shutdown'
  | 'poll' | 'ppoll' | 'select' | 'pselect6' | 'epoll_wait' | 'epoll_pwait' | 'epoll_pwait2' | 'io_uring_enter'
  | 'nanosleep' | 'clock_nanosleep' | 'restart_syscall' | 'sched_yield' | 'futex'
  | 'wait4' | 'waitid' | 'pause' | 'rt_sigsuspend' | 'rt_sigtimedwait';

const X86_64: Record<number, SyscallName> = {
  0: 'read', 1: 'write', 3: 'close', 7: 'poll', 17: 'pread64', 19: 'readv', 20: 'writev', 23: 'select',
  24: 'sched_yield', 34: 'pause', 35: 'nanosleep', 40: 'sendfile', 42: 'connect', 43: 'accept',
  44: 'sendto', 45: 'recvfrom', 46: 'sendmsg', 47: 'recvmsg', 48: 'shutdown', 61: 'wait4',
  128: 'rt_sigtimedwait', 130: 'rt_sigsuspend', 202: 'futex', 219: 'restart_syscall',
  230: 'clock_nanosleep', 232: 'epoll_wait', 247: 'waitid', 257: 'openat', 270: 'pselect6',
  271: 'ppoll', 281: 'epoll_pwait', 288: 'accept4', 299: 'recvmmsg', 307: 'sendmmsg',
  426: 'io_uring_enter', 441: 'epoll_pwait2',
};

// aarch64 has no poll, select, epoll_wait or pause: its C library makes them from ppoll, pselect6, epoll_pwait and ppoll.
const AARCH64: Record<number, SyscallName> = {
  22: 'epoll_pwait', 56: 'openat', 57: 'close', 63: 'read', 64: 'write', 65: 'readv', 66: 'writev',
  67: 'pread64', 71: 'sendfile', 72: 'pselect6', 73: 'ppoll', 95: 'waitid', 98: 'futex',
  101: 'nanosleep', 115: 'clock_nanosleep', 124: 'sched_yield', 128: 'restart_syscall',
  133: 'rt_sigsuspend', 137: 'rt_sigtimedwait', 202: 'accept', 203: 'connect', 206: 'sendto',
  207: 'recvfrom', 210: 'shutdown', 211: 'sendmsg', 212: 'recvmsg', 242: 'accept4', 243: 'recvmmsg',
  260: 'wait4', 269: 'sendmmsg', 426: 'io_uring_enter', 441: 'epoll_pwait2',
};

/** The calls whose first argument is a file descriptor worth naming (a socket, a pipe, stdin). */
export const FD_FIRST: ReadonlySet<SyscallName> = new Set<SyscallName>([
  'read', 'write', 'readv', 'writev', 'pread64', 'close', 'recvfrom', 'recvmsg', 'recvmmsg',
  'sendto', 'sendmsg', 'sendmmsg', 'accept', 'accept4', 'connect', 'shutdown',
]);

/** The name of syscall `nr` on `arch` (process.arch); undefined for a number outside these tables or another architecture. */
export function syscallName(nr: number, arch: string = process.arch): SyscallName | undefined {
  if (arch === 'x64') return X86_64[nr];
  if (arch === 'arm64') return AARCH64[nr];
  return undefined;
}
