// many-clients: five clients on five ports send at the same moment; each gets exactly its own
// replies, so every reply went to the address of the datagram it answers.
import { advise, crashDetails, defineCheck, fail, formatAddress, isCrash, pass, type Harness } from '../../../grader/sdk.ts';
import { capitalize, connectedCause, noReplyCause } from './causes.ts';
import { awaitEcho, drain, REPLY_MS, targetOf, warmUp, type Datagram } from './exchange.ts';
import { clientsOk, describeClients, judgeClients, soleReceiver, type ClientLog } from './judge-clients.ts';
import { connectedPeer, describeUdpSocket, programSockets } from './kernel-udp.ts';

export const CLIENTS = 5;
export const ROUNDS = 3;

export const manyClients = defineCheck({
  id: 'many-clients',
  title: 'answers each client at its own address',
  hints: [
    'When five clients send at the same moment, where does each of your replies go?',
    'Every reply goes to the address of the datagram it answers, never to one you remembered; and connect() on a server\'s UDP socket makes the kernel drop everyone else\'s datagrams (lesson: "Reply to whom? The sources\' UDP model").',
    'Node: use the rinfo of this very \'message\', with no shared variable and no await before the send, and no server.connect(). Python: sendto(data, addr) with the addr from the same recvfrom(), and no connect().',
  ],
  async run(h) {
    const program = await h.start();
    const to = targetOf(program);
    const clients = [];
    for (let i = 1; i <= CLIENTS; i++) clients.push(await h.udp(`client ${i}`));
    const skipped = await warmUp(h, clients[0]!, program, 'serving several clients at once');
    if (skipped) return skipped;
    const logs: ClientLog[] = clients.map(() => ({ sent: [], got: [] }));
    // Every client's first send happens in this same tick, so the five datagrams arrive together.
    await Promise.all(clients.map(async (client, i) => {
      for (let r = 1; r <= ROUNDS; r++) {
        const datagram = Buffer.from(`client ${i + 1}, datagram ${r}: ${h.rng.text(24)}`);
        logs[i]!.sent.push(datagram);
        await client.send(datagram, to);
        const others: Datagram[] = [];
        const own = await awaitEcho(client, program, datagram, others);
        logs[i]!.got.push(...others.map((d) => d.data), ...(own ? [own.data] : []));
        if (!own) return;
      }
    }));
    for (const [i, client] of clients.entries()) logs[i]!.got.push(...(await drain(client)).map((d) => d.data));
    const findings = judgeClients(logs);
    if (clientsOk(findings)) return pass(`${CLIENTS} clients at once, ${ROUNDS} datagrams each, every reply to its own sender`);
    const did = `${CLIENTS} clients, each on its own port (${clients.map((c) => c.localPort).join(', ')}), sent datagrams to ${formatAddress(program.host, program.port)}: client 1 first sent two alone, each after the previous one's echo; then all ${CLIENTS} sent at the same moment, ${ROUNDS} datagrams each ("client N, datagram K: …"), each after the previous one's echo`;
    const expected = `each client to get back exactly its own datagrams, each within ${REPLY_MS / 1000} s, and nobody else's`;
    const saw = describeClients(findings, REPLY_MS);
    const exit = program.exitInfo();
    if (isCrash(exit)) {
      const crash = crashDetails(program, did);
      return fail({ ...crash, saw: `${saw}; ${crash.saw}` });
    }
    const sockets = programSockets(h, program.port);
    const peer = connectedPeer(sockets);
    if (peer) return fail({ did, expected, saw: `${saw}; ${describeUdpSocket(sockets, program.port)}`, cause: connectedCause(h, peer) });
    const misrouted = findings.some((f) => f.foreign.length > 0 || f.strays > 0);
    if (misrouted) return fail({ did, expected, saw, cause: misrouteCause(h, soleReceiver(findings)) });
    // Nobody got another's reply: those without one got nothing at all, and the socket tells why.
    const queued = sockets.some((s) => s.rxQueue > 0);
    return fail({ did, expected, saw: `${saw}; your program is still running, and ${describeUdpSocket(sockets, program.port, h.kernel.available)}`, cause: queued ? noReplyCause(h, true) : misrouteCause(h, undefined) });
  },
});

/** Replies that went astray: to one remembered client, or anywhere but each datagram's sender. */
export function misrouteCause(h: Pick<Harness, 'language'>, sole: number | undefined): string {
  const rule = capitalize(advise(h.language, {
    node: 'the sender of a datagram is the rinfo of its own \'message\' call: reply with server.send(msg, rinfo.port, rinfo.address) right there. A variable outside the handler (let client = rinfo) is shared by every datagram, and after an await another \'message\' has overwritten it',
    python: 'the sender of a datagram is the addr its own recvfrom() returned: data, addr = server.recvfrom(65535), then server.sendto(data, addr). An address kept from an earlier recvfrom() belongs to another client',
  }));
  if (sole === 1) return `every misrouted reply went to client 1, the first client that wrote: your server replies to an address it remembered from an earlier datagram. ${rule}`;
  if (sole !== undefined) return `every misrouted reply went to client ${sole}, one address: your server replies to an address it remembered (the last sender's, it seems) instead of each datagram's own sender. ${rule}`;
  return `replies did not go to the clients that sent the datagrams: a reply goes to the address of the datagram it answers. ${rule}`;
}
