// What a program that should have ended is doing instead, in words, from the kernel's view of its threads.
import type { Harness } from '../../../grader/sdk.ts';

type Threads = ReturnType<Harness['kernel']['doing']>;
type Thread = Threads[number];

const CALLS: Record<string, string> = {
  accept: 'waiting in accept() for a new connection',
  accept4: 'waiting in accept() for a new connection',
  epoll_wait: 'in its event loop (epoll_wait), waiting for something to happen',
  epoll_pwait: 'in its event loop (epoll_wait), waiting for something to happen',
  epoll_pwait2: 'in its event loop (epoll_wait), waiting for something to happen',
  clock_nanosleep: 'asleep in sleep()',
  nanosleep: 'asleep in sleep()',
  futex: 'waiting for another thread (a lock, or join())',
  recvfrom: 'waiting in recv() on a connection',
  recvmsg: 'waiting in recv() on a connection',
  read: 'waiting in read()',
  select: 'waiting in select()',
  pselect6: 'waiting in select()',
  poll: 'waiting in poll()',
  ppoll: 'waiting in poll()',
  wait4: 'waiting for a child process',
  waitid: 'waiting for a child process',
  running: 'running (using CPU)',
};

/**
 * The program's own threads: a shell that stays as the parent of a --cmd (dash does not exec it)
 * sits in wait4() and says nothing about the program, so it is left out when anything else is there.
 */
export function programThreads(threads: Threads): Threads {
  const waiting = (t: Thread) => t.syscall === 'wait4' || t.syscall === 'waitid';
  return threads.some((t) => !waiting(t)) ? threads.filter((t) => !waiting(t)) : threads;
}

/** Calls that say what another thread of the program is up to (Node's helper threads wait in futex or epoll_wait). */
const TELLING: ReadonlySet<string> = new Set(['accept', 'accept4', 'recvfrom', 'recvmsg', 'read', 'clock_nanosleep', 'nanosleep', 'select', 'pselect6', 'poll', 'ppoll', 'running']);

function call(t: Thread): string {
  return CALLS[t.syscall] ?? (t.syscall === 'unknown' || t.syscall === 'none' ? 'blocked' : `blocked in ${t.syscall}()`);
}

/**
 * "its main thread is asleep in sleep(); 2 other threads are waiting in recv() on a connection".
 * Node's own helper threads (V8, libuv's pool and signal watcher) say nothing about the program.
 */
export function describeDoing(all: Threads): string | undefined {
  const threads = programThreads(all);
  if (threads.length === 0) return undefined;
  const main = threads.find((t) => t.tid === t.pid) ?? threads[0]!;
  const others = threads.filter((t) => t !== main && TELLING.has(t.syscall));
  const byCall = new Map<string, number>();
  for (const t of others) byCall.set(call(t), (byCall.get(call(t)) ?? 0) + 1);
  const rest = [...byCall].map(([what, n]) => `${n} other thread${n === 1 ? ' is' : 's are'} ${what}`);
  return [`its main thread is ${call(main)}`, ...rest].join('; ');
}
