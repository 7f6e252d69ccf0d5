// Lesson 7's datagram I/O: a bounded wait for the next datagram, the datagrams the checks send,
// and the one small exchange every check but echo starts with, so that a server that never
// answers fails echo and is not failed again by every other check.
import { activeNow, describeExit, skip, type Harness, type Program, type UdpPeer, type Verdict } from '../../../grader/sdk.ts';
import { describeSize } from './judge-datagrams.ts';

export type Datagram = NonNullable<Awaited<ReturnType<UdpPeer['receive']>>>;

/** How long each reply may take. */
export const REPLY_MS = 2000;
/** How often a wait looks whether the program is still running. */
const SLICE_MS = 100;

export function targetOf(program: Pick<Program, 'host' | 'port'>): { host: string; port: number } {
  return { host: program.host, port: program.port };
}

/** The next datagram within `ms` of active time; undefined when none came (sooner once the program has ended). */
export async function nextDatagram(peer: UdpPeer, program: Program, ms = REPLY_MS): Promise<Datagram | undefined> {
  const deadline = activeNow() + ms;
  for (;;) {
    const left = deadline - activeNow();
    // One receive at a time: a second, abandoned receive would take a datagram off the queue later.
    const got = await peer.receive(Math.max(0, Math.min(left, SLICE_MS)));
    if (got) return got;
    // A reply the program sent before it ended is already queued: loopback delivers within sendto.
    // A closed peer (the harness ended the check) answers at once: without this, a loop that never yields.
    if (left <= SLICE_MS || program.exitInfo() || isClosed(peer)) return undefined;
  }
}

/** The SDK's UdpPeer keeps its closed flag private; its transcript says it too. */
export function isClosed(peer: UdpPeer): boolean {
  return peer.events.some((e) => e.type === 'closed');
}

/** Waits for a datagram equal to `wanted`, keeping every other one that comes first in `others`. */
export async function awaitEcho(peer: UdpPeer, program: Program, wanted: Buffer, others: Datagram[], ms = REPLY_MS): Promise<Datagram | undefined> {
  const deadline = activeNow() + ms;
  for (;;) {
    const got = await nextDatagram(peer, program, Math.max(0, deadline - activeNow()));
    if (!got || got.data.equals(wanted)) return got;
    others.push(got);
  }
}

/** Datagrams already queued, taken without waiting. */
export async function drain(peer: UdpPeer): Promise<Datagram[]> {
  const got: Datagram[] = [];
  while (peer.pendingDatagrams > 0) got.push((await peer.receive(0))!);
  return got;
}

/** Random bytes of a random size, like the datagrams echo sends. */
export function randomDatagram(rng: Harness['rng'], min = 1, max = 512): Buffer {
  return rng.bytes(rng.int(min, max));
}

/** How many datagrams the warm-up sends, one at a time: answering more than one is echo's to judge. */
export const WARM_UP = 2;

/**
 * A few datagrams, each answered by exactly one echo, before the check's own work. Undefined when
 * they were; otherwise a skip that names echo, which fails a server that does not echo.
 */
export async function warmUp(h: Harness, peer: UdpPeer, program: Program, what: string): Promise<Verdict | undefined> {
  for (let i = 1; i <= WARM_UP; i++) {
    const datagram = randomDatagram(h.rng);
    await peer.send(datagram, targetOf(program));
    const got = await nextDatagram(peer, program);
    // A second reply sent with the first is already here once pending I/O has been read (a 0 ms wait).
    const extra = got?.data.equals(datagram) ? await nextDatagram(peer, program, 0) : undefined;
    if (got?.data.equals(datagram) && !extra) continue;
    const exit = program.exitInfo();
    const state = exit
      ? `your program ${describeExit(exit)}`
      : extra ? (extra.data.equals(datagram) ? 'it came back twice' : `it came back, followed by ${describeSize(extra.data.length)} more`)
        : got ? `${describeSize(got.data.length)} came back instead` : `no reply came within ${REPLY_MS / 1000} s`;
    const which = i === 1 ? `a first datagram of ${datagram.length} bytes` : `a second datagram of ${datagram.length} bytes (sent after the first one's echo)`;
    return skip(`your server did not echo ${which} exactly once (${state}), so ${what} cannot be judged; echo tells what is wrong with answering datagrams`);
  }
  return undefined;
}
