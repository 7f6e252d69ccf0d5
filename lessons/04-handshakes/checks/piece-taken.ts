// Evidence instead of a pause after each piece of a payload: the kernel shows that the program has
// read it (its side's receive queue is empty) and has gone back to waiting (every thread asleep,
// next to no CPU), so whatever it answers too soon has been sent by then. The pause stays the bound.
import { activeNow, judgePieceLook, sleep, type Harness, type Program, type StreamPeer, type TcpSocket } from '../../../grader/sdk.ts';

/** Between looks: each look reads the kernel's TCP tables, which takes milliseconds by itself. */
const LOOK_MS = 1;


/** Something came from the server (bytes, FIN, RST) since the client began to send. */
function hasNews(peer: StreamPeer): boolean {
  return peer.pendingBytes > 0 || peer.events.some((e) => e.type === 'fin-received' || e.type === 'rst-received' || e.type === 'closed');
}

/**
 * After a piece was sent: waits until the kernel shows `program` has read it and is back to waiting,
 * until something comes back, or `ms` at most. The caller reads what came (with its own short bound,
 * which lets what the program sent meanwhile reach the peer). Needs canWatchPieces. Given `side`
 * (the program's side as seen once), the receive queue is not read again, and the threads alone
 * tell: each read of the kernel's TCP tables costs milliseconds, and a piece that reaches the
 * program's receive queue wakes it at once, so asleep again with no CPU since means it has read.
 */
export async function waitUntilTaken(h: Pick<Harness, 'kernel'>, program: Program, peer: StreamPeer, ms: number, side?: TcpSocket): Promise<'taken' | 'ended' | 'news' | 'unread'> {
  const deadline = activeNow() + ms;
  let before = h.kernel.cpu(program);
  while (activeNow() < deadline) {
    await sleep(LOOK_MS);
    if (hasNews(peer)) return 'news';
    if (program.exitInfo()) return 'ended';
    // The receive queue first: a program seen asleep after it is known to have read the piece.
    const now = side ? { ...side, rxQueue: 0 } : h.kernel.serverSide(peer, program.port);
    const threads = h.kernel.doing(program);
    const cpu = h.kernel.cpu(program);
    const seen = judgePieceLook({ side: now, threads, cpuDeltaMs: cpu.runMs + cpu.waitMs - before.runMs - before.waitMs, wakeups: cpu.runs - before.runs });
    before = cpu;
    if (seen) return seen;
  }
  return 'unread';
}
