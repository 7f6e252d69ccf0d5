// empty-datagram: a zero-length datagram is a real message and gets a zero-length reply; the
// server goes on answering afterwards. A follow-up datagram tells "skipped it" from "stopped on it".
import { advise, crashDetails, defineCheck, describeExit, fail, formatAddress, isCrash, pass, type Harness } from '../../../grader/sdk.ts';
import { awaitEcho, nextDatagram, randomDatagram, REPLY_MS, targetOf, warmUp, type Datagram } from './exchange.ts';
import { describeSize } from './judge-datagrams.ts';
import { lookAtSocket } from './kernel-udp.ts';

/** Why an empty datagram is a message in UDP although an empty read ends a TCP stream. */
export function tcpVersusUdp(h: Pick<Harness, 'language'>): string {
  return `In TCP an empty read means the peer closed its side (FIN), and an empty message cannot even be sent. UDP has no connection to close: every datagram carries its own 8-byte header, and a length of 8 (the header alone) makes an empty datagram, a real message from a real sender. ${advise(h.language, {
    node: 'A 0-byte msg in \'message\' is that message (rinfo says who sent it)',
    python: 'A recvfrom() call blocks until a datagram arrives, so b\'\' never means "nothing arrived" or "the client left": it is that message (addr says who sent it)',
  })}`;
}

export const emptyDatagram = defineCheck({
  id: 'empty-datagram',
  title: 'answers an empty datagram',
  hints: [
    'What does your server do with a datagram of 0 bytes: skip it, stop on it, or answer it?',
    'In UDP an empty datagram is a real message from a real sender, not "nothing arrived" and not "the client left": recvfrom blocks until a datagram arrives (lesson: "recvfrom blocks, and b\'\' is a message").',
    'Node: no if (msg.length === 0) return; server.send(msg, rinfo.port, rinfo.address) sends an empty Buffer as an empty datagram. Python: no if not data: continue (or break); server.sendto(data, addr) sends b\'\' as an empty datagram.',
  ],
  async run(h) {
    const program = await h.start();
    const client = await h.udp('client');
    const skipped = await warmUp(h, client, program, 'an empty datagram');
    if (skipped) return skipped;
    const to = targetOf(program);
    await client.send(Buffer.alloc(0), to);
    const emptyAt = performance.now();
    const reply = await nextDatagram(client, program);
    const answered = reply?.data.length === 0;
    const endedEarly = !reply && !!program.exitInfo();
    // The follow-up goes out only now: after the empty reply, or after the wait for it ran out.
    const follow = randomDatagram(h.rng);
    await client.send(follow, to);
    const others: Datagram[] = [];
    const echoed = await awaitEcho(client, program, follow, others);
    if (answered && echoed && !program.exitInfo()) return pass('an empty datagram got an empty reply, and the next datagram its echo');
    const did = `one client sent two datagrams, each answered before the next, then an empty datagram (0 bytes) to ${formatAddress(program.host, program.port)}; ${answered ? 'once that was answered' : endedEarly ? 'when no reply had come and your program had ended' : `when no empty reply had come within ${REPLY_MS / 1000} s`}, it sent a datagram of ${follow.length} bytes`;
    const expected = `an empty datagram back within ${REPLY_MS / 1000} s, and then the echo of the next datagram`;
    const first = answered ? 'an empty datagram came back' : reply ? `${describeSize(reply.data.length)} came back instead of an empty one` : `no reply to the empty datagram${endedEarly ? '' : ` within ${REPLY_MS / 1000} s`}`;
    const exit = program.exitInfo();
    if (isCrash(exit)) {
      const crash = crashDetails(program, did, { what: 'the empty datagram', at: emptyAt });
      return fail({ ...crash, saw: `${first}; ${crash.saw}`, cause: `${crash.cause}. ${tcpVersusUdp(h)}` });
    }
    if (exit) {
      return fail({
        did,
        expected,
        saw: `${first}; your program ${describeExit(exit, { what: 'the empty datagram', at: emptyAt }, program.startedAt)}, so the next datagram got no reply either`,
        cause: `your server took the empty datagram for the end of something and stopped. ${tcpVersusUdp(h)}. Answer it with an empty datagram and go on serving: ${advise(h.language, {
          node: 'no return, close() or process.exit() on msg.length === 0; server.send(msg, rinfo.port, rinfo.address) sends an empty Buffer as an empty datagram',
          python: 'no break on if not data:; server.sendto(data, addr) sends b\'\' as an empty datagram',
        })}`,
      });
    }
    if (reply && !answered) {
      return fail({
        did,
        expected,
        saw: `${first}${echoed ? '; the next datagram came back as sent' : ''}`,
        cause: 'an empty datagram is echoed as it is: 0 bytes back, with no placeholder, newline or message of your own',
      });
    }
    if (!answered && echoed) {
      return fail({
        did,
        expected,
        saw: `${first}; the datagram sent after it came back at once: your server is running and answering, it skipped the empty one`,
        cause: `your server ignores empty datagrams. ${tcpVersusUdp(h)}. Answer it like any other: ${advise(h.language, {
          node: 'drop the if (msg.length === 0) return (or if (!msg.length)); server.send(msg, rinfo.port, rinfo.address) sends an empty Buffer as an empty datagram',
          python: 'drop the if not data: continue; server.sendto(data, addr) sends b\'\' as an empty datagram',
        })}`,
      });
    }
    return fail({
      did,
      expected,
      saw: `${first}; the datagram sent after it got no reply within ${REPLY_MS / 1000} s either, although your program is still running; ${lookAtSocket(h, program.port)}`,
      cause: `after the empty datagram your server stopped answering: it took the empty datagram for the end of something. ${tcpVersusUdp(h)}. Answer it with an empty datagram and go on reading`,
    });
  },
});
