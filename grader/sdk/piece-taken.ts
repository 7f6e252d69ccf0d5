// Evidence instead of a pause after sending a piece: the kernel shows that the program has read it
// (its side's receive queue is empty) and has gone back to waiting (every thread asleep, next to no
// CPU, not woken), so whatever it answers too soon has been sent by then.
import type { TcpSocket } from '../kernel/proc-net-tcp.ts';
import type { ThreadActivity } from '../kernel/proc-syscall.ts';
import type { KernelView } from '../runner/kernel-view.ts';
import { judgeIdleLook } from './idle-evidence.ts';

export interface PieceLook {
  /** The program's side of the connection; undefined once the kernel holds nothing for it (a reset). */
  side: TcpSocket | undefined;
  threads: ThreadActivity[];
  /** CPU the program used (and waited for) since the last look, and how often it was woken. */
  cpuDeltaMs: number;
  wakeups: number;
}

/** Pure: what one look says about a piece just sent; undefined while the program has yet to read it or is still busy. */
export function judgePieceLook(look: PieceLook): 'taken' | 'ended' | undefined {
  if (look.threads.length === 0 || !look.side) return 'ended';
  if (look.side.rxQueue > 0) return undefined;
  return judgeIdleLook(look.threads, look.cpuDeltaMs, look.side, look.wakeups).idle ? 'taken' : undefined;
}

/** Where the kernel can be watched; elsewhere a pause is waited out whole. */
export function canWatchPieces(h: { kernel: Pick<KernelView, 'available' | 'processesReadable'> }): boolean {
  return h.kernel.available && h.kernel.processesReadable;
}
