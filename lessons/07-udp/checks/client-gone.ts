// client-gone: a client that vanished before its reply (its port closed, so the kernel answers the
// reply with ICMP port unreachable) must not take the server down; the next client is served.
import { activeNow, advise, crashDetails, defineCheck, describeExit, fail, pass, sleep, type Harness } from '../../../grader/sdk.ts';
import { capitalize, connectedCause } from './causes.ts';
import { awaitEcho, randomDatagram, REPLY_MS, targetOf, warmUp, type Datagram } from './exchange.ts';
import { judgeClientGone } from './judge-clients.ts';
import { connectedPeer, describeUdpSocket, programSockets } from './kernel-udp.ts';
import { misrouteCause } from './many-clients.ts';
import { readUdpNoPorts, waitForBounce } from './udp-counters.ts';

/** How long the reply to the vanished client may take to bounce. */
export const BOUNCE_MS = 1000;
/** Without /proc the bounce cannot be seen: this long is given to it instead. */
const BLIND_BOUNCE_MS = 300;
/** How long the paused program's socket may take to show client 1's datagram queued. */
const QUEUED_MS = 200;

export const clientGone = defineCheck({
  id: 'client-gone',
  title: 'survives a client that vanished',
  hints: [
    'What happens to your server when its reply reaches a client that has already closed its socket?',
    'The kernel answers such a reply with ICMP port unreachable. An unconnected socket on Linux is not told; a connected one (or one with IP_RECVERR, or any UDP socket on Windows) gets ECONNREFUSED or a reset on a later call (lesson: "When a client has gone").',
    'Node: don\'t connect() the socket, and let its \'error\' handler log instead of exiting. Python: don\'t connect(), and catch ConnectionError inside the loop, then go on to the next datagram.',
  ],
  // The program is paused (SIGSTOP) and may die of the bounce: a copy of its own.
  fresh: true,
  async run(h) {
    const program = await h.start();
    const to = targetOf(program);
    const first = await h.udp('client 1');
    const skipped = await warmUp(h, first, program, 'what a vanished client does to it');
    if (skipped) return skipped;
    const connectedEarlier = connectedPeer(programSockets(h, program.port));
    const before = readUdpNoPorts(h);
    // Paused, the program cannot answer before client 1 has gone: its reply is sure to meet a closed port.
    program.signal('SIGSTOP');
    try {
      await first.send(randomDatagram(h.rng), to);
      await waitUntilQueued(h, program.port);
      await first.close();
    } finally {
      program.signal('SIGCONT');
    }
    const goneAt = performance.now();
    // Client 2 writes only after the bounce, so a reply to client 1 cannot be mistaken for client 2's.
    const bounced = await waitForBounce(h, before, BOUNCE_MS, () => !!program.exitInfo());
    if (bounced === undefined) await sleep(BLIND_BOUNCE_MS);
    const second = await h.udp('client 2');
    const datagram = randomDatagram(h.rng);
    const beforeSecond = readUdpNoPorts(h);
    await second.send(datagram, to);
    const others: Datagram[] = [];
    const own = await awaitEcho(second, program, datagram, others);
    const exit = program.exitInfo();
    const sockets = programSockets(h, program.port);
    const connected = connectedEarlier ?? connectedPeer(sockets);
    const afterSecond = readUdpNoPorts(h);
    const outcome = judgeClientGone({
      served: !!own,
      ...(exit ? { exit: { crash: exit.code !== 0 || exit.signal !== null } } : {}),
      connected: !!connected,
      ...(beforeSecond !== undefined && afterSecond !== undefined ? { bouncedAfter: afterSecond > beforeSecond } : {}),
      stillBound: sockets.length > 0,
    });
    if (outcome === 'served') return pass('a reply bounced off a vanished client, and the next client was served');
    const bounce = bounced === true
      ? 'the reply met a closed port, and the kernel answered it with ICMP port unreachable (its count of datagrams to closed ports went up)'
      : bounced === false ? `no reply to it reached the closed port within ${BOUNCE_MS / 1000} s (the kernel's count of datagrams to closed ports did not move)` : 'the reply, if any, met a closed port';
    const did = `client 1 sent two datagrams, each answered before the next; with your program paused (SIGSTOP), it sent another datagram and closed its socket, then your program was resumed (SIGCONT): ${bounce}; then client 2, from a new port, sent a datagram of ${datagram.length} bytes`;
    const expected = `client 2's datagram back within ${REPLY_MS / 1000} s, and your program still running`;
    const saw = own ? 'client 2 got its echo' : `client 2 got no reply${exit ? '' : ` within ${REPLY_MS / 1000} s`}${others.length ? ` (only ${others.length} datagram${others.length === 1 ? '' : 's'} with other bytes)` : ''}`;
    if (outcome === 'crashed') {
      const crash = crashDetails(program, did, { what: 'client 1 left', at: goneAt });
      return fail({ ...crash, saw: `${saw}; ${crash.saw}`, cause: refusedCause(h, program.output.text(), connected, h.kernel.available) });
    }
    if (outcome === 'ended') {
      return fail({ did, expected, saw: `${saw}; your program ${describeExit(exit, { what: 'client 1 left', at: goneAt }, program.startedAt)}`, cause: `your program ended by itself after a client vanished: ${refusedCause(h, program.output.text(), connected, h.kernel.available)}` });
    }
    const kernel = describeUdpSocket(sockets, program.port, h.kernel.available);
    if (outcome === 'connected') return fail({ did, expected, saw: `${saw}; ${kernel}`, cause: `${connectedCause(h, connected!)}. Client 2's datagrams are not even delivered to your socket` });
    if (outcome === 'replied-to-gone') {
      return fail({ did, expected, saw: `${saw}; your program answered, but its reply went to a closed port (the kernel's count of datagrams to closed ports went up again), most likely client 1's`, cause: misrouteCause(h, 1) });
    }
    return fail({ did, expected, saw: `${saw}; your program is still running, and ${kernel}`, cause: 'after a client vanished, your server stopped answering: a reply that bounces off a closed port is nothing to stop for; answer each datagram as it comes' });
  },
});

/** Waits (bounded) until the paused program's socket holds client 1's datagram; without /proc it cannot tell. */
async function waitUntilQueued(h: Harness, port: number): Promise<void> {
  if (!h.kernel.available) return;
  const deadline = activeNow() + QUEUED_MS;
  while (activeNow() < deadline && !programSockets(h, port).some((s) => s.rxQueue > 0)) await sleep(2);
}

/** The bounce came back to the program as an error nothing handled; `known` false when the socket could not be looked at. */
export function refusedCause(h: Pick<Harness, 'language'>, output: string, connected: string | undefined, known = true): string {
  const refused = /ECONNREFUSED|ConnectionRefused|Connection refused|ConnectionReset|WinError 10054/i.test(output);
  const what = refused ? 'the reply to client 1 bounced off its closed port (ICMP port unreachable), and your program got that as an error (ECONNREFUSED) that nothing handled' : 'your program did not survive a reply to a client that had gone';
  const why = connected
    ? `Your socket was connected to ${connected} (connect()), and a connected UDP socket is told of ICMP errors; a server's socket should not be connected at all`
    : known ? 'An unconnected socket on Linux is told of such errors only with IP_RECVERR on (and on Windows every UDP socket is: WSAECONNRESET)'
      : 'A UDP socket is told of such errors when it is connected (connect(), which a server\'s socket should never be), when IP_RECVERR is on, and on Windows always (WSAECONNRESET)';
  return `${what}. ${why}. ${capitalize(advise(h.language, {
    node: 'answer with server.send(msg, rinfo.port, rinfo.address) on an unconnected socket, and let an \'error\' handler log, not exit',
    python: 'catch ConnectionError around recvfrom() and sendto() inside the loop, and go on to the next datagram',
  }))}: a client that leaves is normal for a UDP server`;
}
