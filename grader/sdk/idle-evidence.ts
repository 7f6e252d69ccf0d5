// Concluding "no answer is coming" from the kernel instead of waiting out a bound: the program has
// taken in the client's bytes (or leaves them unread while blocked elsewhere), every one of its
// threads sleeps, and it has used no CPU for a while. A correct program answers in microseconds;
// one that is merely starved is runnable, not asleep, and is waited for.
import type { ThreadActivity } from '../kernel/proc-syscall.ts';
import type { TcpSocket } from '../kernel/proc-net-tcp.ts';
import type { KernelView } from '../runner/kernel-view.ts';
import { sleep, stallsSince } from '../timing.ts';

/** How long the program must sit idle, in a row, before the wait is cut short. */
export const IDLE_EVIDENCE_MS = 300;
const SAMPLE_MS = 50;
/** CPU a sleeping program may still show per sample (timer wheels, a GC tick). */
const IDLE_CPU_MS = 1;

export interface IdleVerdict {
  idle: boolean;
  /** What the program was doing, in words, for the failure message. */
  doing?: string;
}

/** Pure: does one look at the program show it idle with respect to a connection? */
export function judgeIdleLook(threads: ThreadActivity[], cpuDeltaMs: number, serverSide: TcpSocket | undefined, wakeups = 0): IdleVerdict {
  if (threads.length === 0 || !serverSide) return { idle: false };
  // Asleep between many short wake-ups (a thread waiting its turn for a lock, a polling timer) is not idle.
  if (wakeups > 1) return { idle: false };
  if (threads.some((t) => t.state !== 'S' || t.syscall === 'running' || t.syscall === 'unknown')) return { idle: false };
  if (cpuDeltaMs > IDLE_CPU_MS) return { idle: false };
  const readingIt = threads.some((t) => t.socketInode === serverSide.inode);
  // Bytes still unread are conclusive only when no thread is about to read that very socket.
  if (serverSide.rxQueue > 0 && readingIt) return { idle: false };
  return { idle: true, doing: describeThreads(threads, serverSide) };
}

const CALLS: Record<string, string> = {
  accept: 'accept() (waiting for a new connection)',
  accept4: 'accept() (waiting for a new connection)',
  epoll_wait: 'epoll_wait() (its event loop, waiting for something to happen)',
  epoll_pwait: 'epoll_wait() (its event loop, waiting for something to happen)',
  epoll_pwait2: 'epoll_wait() (its event loop, waiting for something to happen)',
  clock_nanosleep: 'sleep()',
  nanosleep: 'sleep()',
  select: 'select()',
  pselect6: 'select()',
  poll: 'poll()',
  ppoll: 'poll()',
};

/** The main thread's call, in words: "asleep in accept() …, with 12 bytes of this client unread". */
export function describeThreads(threads: ThreadActivity[], serverSide: TcpSocket): string {
  // The thread that tells: one on this connection, else a main thread that is not a shell waiting for its child (--cmd).
  const main = threads.find((t) => t.socketInode === serverSide.inode)
    ?? threads.find((t) => t.tid === t.pid && t.syscall !== 'wait4' && t.syscall !== 'waitid')
    ?? threads[0]!;
  const call = typeof main.syscall === 'string' ? (CALLS[main.syscall] ?? `${main.syscall}()`) : 'a system call';
  const onIt = main.socketInode === serverSide.inode ? ' on this connection' : main.socketInode ? ' on another socket' : '';
  const unread = serverSide.rxQueue > 0 ? `, while ${serverSide.rxQueue} bytes from this client sit unread in its receive queue` : ', with nothing unread from this client';
  return `your program is asleep in ${call}${onIt}${unread}, and has used no CPU for ${IDLE_EVIDENCE_MS} ms`;
}

/**
 * Pure: does one look show the program spinning on a connection its client has closed (CLOSE_WAIT),
 * reading it again and again (an empty read taken for "no data yet")? Then no answer to anyone
 * else is coming either.
 */
export function judgeSpinLook(threads: ThreadActivity[], cpuDeltaMs: number, sampleMs: number, heldCloseWait: number): IdleVerdict {
  // A spinning thread is mostly caught running, now and then inside its read: either will do.
  if (cpuDeltaMs < sampleMs * 0.5 || heldCloseWait === 0) return { idle: false };
  if (!threads.some((t) => t.state === 'R' || t.syscall === 'running' || t.socketInode !== undefined)) return { idle: false };
  return { idle: true, doing: `your program is busy at ${Math.min(100, Math.round((100 * cpuDeltaMs) / sampleMs))}% of a CPU while it holds ${heldCloseWait === 1 ? 'a connection' : `${heldCloseWait} connections`} whose client has closed (CLOSE_WAIT): it reads again and again and takes each empty read for "no data yet", instead of leaving its loop` };
}

export interface IdleWatch {
  stop(): void;
  /** Set once the watch cut the wait short: what the program was doing. */
  evidence(): string | undefined;
}

/** Watches a program while a peer waits for it; calls `conclude` once the program has sat idle long enough. */
export function watchForIdle(kernel: KernelView, program: { pid: number; exitInfo(): unknown }, peer: { localPort: number; unsentBytes?: number }, conclude: () => void): IdleWatch {
  let stopped = false;
  let evidence: string | undefined;
  if (!kernel.available || !kernel.processesReadable) return { stop: () => undefined, evidence: () => undefined };
  void (async () => {
    let idleFor = 0;
    let before = kernel.cpu(program);
    while (!stopped && !program.exitInfo()) {
      const sampleStart = performance.now();
      await sleep(SAMPLE_MS);
      if (stopped) return;
      const now = kernel.cpu(program);
      const threads = kernel.doing(program);
      const cpuDelta = now.runMs + now.waitMs - before.runMs - before.waitMs;
      // A program waiting for bytes the grader has not sent yet (its own writes still queued, on a
      // starved machine) is not idle: only a peer that has handed everything to the kernel counts.
      const idleLook = (peer.unsentBytes ?? 0) > 0 ? { idle: false } : judgeIdleLook(threads, cpuDelta, kernel.serverSide(peer), now.runs - before.runs);
      // The CLOSE_WAIT count costs a full table read: asked only of a program that is busy.
      const busy = cpuDelta >= SAMPLE_MS * 0.5;
      const look = idleLook.idle ? idleLook : busy ? judgeSpinLook(threads, cpuDelta, SAMPLE_MS, kernel.heldInState(program, 'CLOSE_WAIT')) : idleLook;
      before = now;
      // A look across a stall of the grader proves nothing: the grader itself may have held things up.
      idleFor = look.idle && stallsSince(sampleStart).totalMs === 0 ? idleFor + SAMPLE_MS : 0;
      if (idleFor >= IDLE_EVIDENCE_MS) {
        evidence = look.doing;
        conclude();
        return;
      }
    }
  })();
  return { stop: () => void (stopped = true), evidence: () => evidence };
}
