// Evidence instead of a pause between the two pieces of a request line: the kernel shows that the
// program has read the first piece (its side's receive queue is empty) and has gone back to waiting
// (every thread asleep, next to no CPU), so whatever it answers to half a line has been sent by then.
import { activeNow, canWatchPieces, judgePieceLook, sleep, type Harness, type Program, type StreamPeer, type TcpSocket } from '../../../grader/sdk.ts';

/** How long the second piece waits at most for that evidence; without /proc, the whole of it. */
export const PIECE_WAIT_MS = 300;
/** Between looks: each look reads the kernel's TCP tables, which takes milliseconds by itself. */
const LOOK_MS = 1;

/** What the kernel showed after a piece was sent: read and done with, the program or connection gone, or neither in time. */
export type PieceFate = 'taken' | 'ended' | 'unread' | 'unknown';


function hasEnded(peer: StreamPeer): boolean {
  return peer.events.some((e) => e.type === 'fin-received' || e.type === 'rst-received' || e.type === 'closed');
}

/**
 * Waits, after a piece was sent, until the kernel shows `program` has read it and is back to waiting
 * (at most `ms`), then lets whatever it sent meanwhile reach the peer. Without /proc: a pause of `ms`.
 */
export async function waitUntilTaken(h: Pick<Harness, 'kernel'>, program: Program, peer: StreamPeer, ms = PIECE_WAIT_MS): Promise<PieceFate> {
  if (!canWatchPieces(h)) {
    await sleep(ms);
    return 'unknown';
  }
  const deadline = activeNow() + ms;
  let before = h.kernel.cpu(program);
  let fate: PieceFate = 'unread';
  while (activeNow() < deadline) {
    await sleep(LOOK_MS);
    if (hasEnded(peer) || program.exitInfo()) {
      fate = 'ended';
      break;
    }
    // The receive queue first: a program seen asleep after it is known to have read the piece.
    const side = h.kernel.serverSide(peer, program.port);
    const threads = h.kernel.doing(program);
    const now = h.kernel.cpu(program);
    const seen = judgePieceLook({ side, threads, cpuDeltaMs: now.runMs + now.waitMs - before.runMs - before.waitMs, wakeups: now.runs - before.runs });
    before = now;
    if (seen) {
      fate = seen;
      break;
    }
  }
  // Bytes, a FIN or an RST the program sent are in the kernel by now: let the peer take them in.
  await peer.waitForEnd(0);
  return fate;
}

/**
 * The kernel's view with `program`'s port as the default. The harness's own defaults to the program
 * started last, and the SDK's idle watch asks it without a port: checks that run several programs
 * side by side hand each wait this instead.
 */
export function kernelFor(h: Pick<Harness, 'kernel'>, program: Program): Harness['kernel'] {
  const k = h.kernel;
  return Object.assign(Object.create(k), {
    serverSide: (peer: { localPort: number }, port = program.port) => k.serverSide(peer, port),
    closeSeenByKernel: (peer: { localPort: number }, port = program.port) => k.closeSeenByKernel(peer, port),
    heldInState: (p: { pid: number }, state: TcpSocket['state'], port = program.port) => k.heldInState(p, state, port),
    tcpOnPort: (port = program.port) => k.tcpOnPort(port),
    listener: (port = program.port) => k.listener(port),
    udpOnPort: (port = program.port) => k.udpOnPort(port),
  });
}
