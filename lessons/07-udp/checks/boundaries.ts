// boundaries: datagrams sent back to back come back as just as many datagrams, the same ones
// (order not judged): UDP keeps every datagram apart, and so must the server.
import { activeNow, advise, crashDetails, defineCheck, fail, formatAddress, isCrash, pass, type Harness } from '../../../grader/sdk.ts';
import { alteredCause, capitalize, repeatCause } from './causes.ts';
import { nextDatagram, REPLY_MS, targetOf, warmUp, type Datagram } from './exchange.ts';
import { describeStray, formatSize, judgeBurst, listSizes, type BurstJudgement } from './judge-datagrams.ts';
import { lookAtSocket } from './kernel-udp.ts';

export const BURST = 10;
export const MAX_SIZE = 1000;
/** After the last expected datagram, how long anything more may take to show up. */
export const EXTRA_MS = 200;
/** A bound on what is collected, so a server that floods cannot keep the check going. */
const MAX_COLLECTED = 3 * BURST;

/** `count` different sizes between 1 and `max`, in random order. */
export function distinctSizes(rng: Harness['rng'], count: number, max: number): number[] {
  const sizes = new Set<number>();
  while (sizes.size < count) sizes.add(rng.int(1, max));
  return [...sizes];
}

export const boundaries = defineCheck({
  id: 'boundaries',
  title: 'keeps datagrams apart',
  hints: [
    'Ten datagrams arrive back to back: does your server answer each one on its own, exactly once?',
    'UDP never joins or splits anything: each send is one datagram and each receive returns exactly one, so sticky packets are a TCP problem (lesson: "One datagram is one message").',
    'Node: one server.send(msg, rinfo.port, rinfo.address) per \'message\', at once, never a Buffer.concat of several. Python: one sendto() per recvfrom(), before the next recvfrom().',
  ],
  async run(h) {
    const program = await h.start();
    const client = await h.udp('client');
    const skipped = await warmUp(h, client, program, 'a burst of datagrams');
    if (skipped) return skipped;
    const sizes = distinctSizes(h.rng, BURST, MAX_SIZE);
    const sent = sizes.map((n) => h.rng.bytes(n));
    const to = targetOf(program);
    // Each send() is issued at once, in order: the datagrams leave back to back.
    await Promise.all(sent.map((d) => client.send(d, to)));
    const got: Datagram[] = [];
    const deadline = activeNow() + REPLY_MS;
    while (got.length < BURST) {
      const next = await nextDatagram(client, program, Math.max(0, deadline - activeNow()));
      if (!next) break;
      got.push(next);
    }
    while (got.length >= BURST && got.length < MAX_COLLECTED) {
      const extra = await nextDatagram(client, program, EXTRA_MS);
      if (!extra) break;
      got.push(extra);
    }
    const judged = judgeBurst(sent, got.map((d) => d.data));
    if (judged.missing.length === 0 && judged.strays.length === 0) return pass(`${BURST} datagrams sent back to back came back as ${BURST}, the same sizes`);
    const did = `one client sent ${BURST} datagrams to ${formatAddress(program.host, program.port)} back to back, without waiting for replies (after two datagrams, each answered before the next); their sizes in bytes, in the order sent: ${listSizes(sizes)}`;
    const expected = `${BURST} datagrams back within ${REPLY_MS / 1000} s, the same ${BURST} byte for byte (in any order), and nothing more in the next ${EXTRA_MS} ms`;
    const saw = describeBurst(judged, got, sizes);
    const exit = program.exitInfo();
    if (isCrash(exit)) {
      const crash = crashDetails(program, did);
      return fail({ ...crash, saw: `${saw}; ${crash.saw}` });
    }
    const kernel = judged.strays.length === 0 ? `; ${lookAtSocket(h, program.port)}` : '';
    return fail({ did, expected, saw: `${saw}${kernel}`, cause: burstCause(h, judged, got) });
  },
});

export function describeBurst(judged: BurstJudgement, got: Datagram[], sizes: number[]): string {
  const came = got.length === 0 ? 'no datagram came back' : got.length === 1 ? `1 datagram came back, of ${formatSize(got[0]!.data.length)}` : `${got.length} datagrams came back (sizes: ${listSizes(got.map((d) => d.data.length))})`;
  // A datagram that came back inside a joined one, or in pieces, is named there, not twice.
  const covered = new Set(judged.strays.flatMap((s) => (s.kind === 'joined' ? Array.from({ length: s.count }, (_, k) => s.first + k) : s.kind === 'piece' ? [s.of] : [])));
  const lost = judged.missing.filter((i) => !covered.has(i));
  const missing = lost.length === 0 ? '' : `; ${lost.length === 1 ? 'datagram' : 'datagrams'} ${lost.join(', ')} (of ${listSizes(lost.map((i) => sizes[i - 1]!))} bytes) did not come back`;
  const strays = got.length === 1 && judged.strays.length === 1
    ? `: ${describeStray(judged.strays[0]!)}`
    : judged.strays.map((s) => `; the one of ${formatSize(s.size)} is ${describeStray(s)}`).join('');
  return `${came}${strays}${missing}`;
}

export function burstCause(h: Pick<Harness, 'language'>, judged: BurstJudgement, got: Datagram[]): string {
  const kinds = new Set(judged.strays.map((s) => s.kind));
  const answerEach = advise(h.language, {
    node: 'answer each \'message\' with its own server.send(msg, …) at once; never gather messages (Buffer.concat) into one reply',
    python: 'answer each recvfrom() with its own sendto() at once; never gather datagrams into one reply',
  });
  if (kinds.has('joined')) return `your server joined several datagrams into one reply. UDP never joins or splits anything: each sendto() is one datagram, and each recvfrom() returns exactly one (sticky packets are a TCP problem). ${capitalize(answerEach)}`;
  if (kinds.has('piece')) return `your server sent one datagram back in pieces: one datagram in, one datagram out, in a single send. ${capitalize(answerEach)}`;
  if (kinds.has('duplicate')) return repeatCause();
  if (kinds.has('unknown')) return alteredCause(h, Buffer.concat(got.map((d) => d.data)));
  return `some datagrams were never answered although a lone datagram is: ${answerEach}; a datagram that arrives while your server is busy waits in the socket's queue, so keep reading until each one is answered`;
}
