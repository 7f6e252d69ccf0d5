// large-answer's slow reader: it reads nothing until the kernel shows the program held up by the full
// buffers (its send queue no longer changes and it sleeps, or it is gone). By then a send() that takes
// only what fits has come back short, which is the bug the check is for; reading on proves the rest.
import { activeNow, sleep, type Harness, type Program, type StreamPeer, type TcpSocket, type ThreadActivity } from '../../../grader/sdk.ts';

/** The longest the reader holds back at the start; without /proc, exactly this long. */
export const SLOW_START_MS = 500;
/** Without /proc: slices of this size, with a pause after each. */
export const SLICE_BYTES = 256 * 1024;
export const SLICE_PAUSE_MS = 20;
const LOOK_MS = 2;

/** Pure: two looks in a row at the program's side while the client reads nothing; true once the program can send no more. */
export function judgeSendStalled(before: TcpSocket | undefined, now: TcpSocket | undefined, threads: ThreadActivity[]): boolean {
  // The program is gone, or the kernel holds nothing for its side any more (a reset): nothing more will come.
  if (!now || threads.length === 0) return true;
  // Nothing queued yet: the program has not begun to answer, or answered something short.
  if (!before || now.txQueue === 0 || before.txQueue !== now.txQueue) return false;
  // Asleep (in send(), poll() or epoll_wait(), waiting for room): not one that is still copying.
  return threads.every((t) => t.state === 'S');
}

/** Holds the reader back (the peer paused) until judgeSendStalled says so, at most `ms`; true when it did. */
export async function waitUntilSendStalled(h: Pick<Harness, 'kernel'>, program: Program, peer: StreamPeer, ms = SLOW_START_MS): Promise<boolean> {
  const deadline = activeNow() + ms;
  let before: TcpSocket | undefined;
  while (activeNow() < deadline) {
    await sleep(LOOK_MS);
    const now = h.kernel.serverSide(peer, program.port);
    if (judgeSendStalled(before, now, h.kernel.doing(program))) return true;
    before = now;
  }
  return false;
}

/** The "did" part for the reading, as it was done. */
export function describeSlowRead(watched: boolean): string {
  return watched
    ? `read nothing until the kernel showed bytes waiting in your side's send queue, no longer changing, and your program asleep or gone (at most ${SLOW_START_MS} ms), then read on as fast as the bytes came`
    : `read slowly: nothing for ${SLOW_START_MS} ms, then ${SLICE_BYTES / 1024} KiB at a time with a ${SLICE_PAUSE_MS} ms pause after each`;
}
