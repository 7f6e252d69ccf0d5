// echo: one client sends datagrams one at a time; each comes back, byte for byte, from HOST:PORT.
import { defineCheck, fail, formatAddress, pass } from '../../../grader/sdk.ts';
import { echoProblemCause } from './causes.ts';
import { nextDatagram, randomDatagram, REPLY_MS, targetOf } from './exchange.ts';
import { describeEchoProblem, judgeEchoDatagram } from './judge-datagrams.ts';
import { silenceVerdict } from './silence.ts';

export const DATAGRAMS = 5;
export const MAX_SIZE = 512;

export const echo = defineCheck({
  id: 'echo',
  title: 'echoes each datagram from its own address',
  hints: [
    'Does every datagram come back at all, unchanged, and from the very address the client sent it to?',
    'A UDP server has one socket: recvfrom gives you each datagram with its sender\'s address, and the reply goes out of that same socket to that address (lesson: "The sources\' UDP server"). A reply sent from another socket has another source port.',
    'Node: server.on(\'message\', (msg, rinfo) => server.send(msg, rinfo.port, rinfo.address)) on the socket you bound. Python: in a while True loop, data, addr = server.recvfrom(65535), then server.sendto(data, addr).',
  ],
  async run(h) {
    const program = await h.start();
    const client = await h.udp('client');
    const to = targetOf(program);
    const address = formatAddress(program.host, program.port);
    const sent: Buffer[] = [];
    for (let i = 1; i <= DATAGRAMS; i++) {
      const datagram = randomDatagram(h.rng, 1, MAX_SIZE);
      await client.send(datagram, to);
      const got = await nextDatagram(client, program);
      const problem = judgeEchoDatagram(datagram, got, { address: program.host, port: program.port }, sent);
      sent.push(datagram);
      if (!problem) continue;
      const before = i === 1 ? '' : i === 2 ? '; datagram 1 had come back correctly' : `; datagrams 1 to ${i - 1} had come back correctly`;
      const parts = {
        did: `one client (${formatAddress(client.localAddress, client.localPort)}) sent ${DATAGRAMS} datagrams of 1 to ${MAX_SIZE} random bytes to ${address}, one at a time, each after the previous one's echo; datagram ${i} had ${datagram.length} bytes`,
        expected: `datagram ${i} back within ${REPLY_MS / 1000} s: the same ${datagram.length} bytes, from ${address}`,
        saw: `${describeEchoProblem(problem, datagram.length, address, REPLY_MS)}${before}`,
      };
      if (problem.kind === 'none') return silenceVerdict(h, program, parts);
      return fail({ ...parts, cause: echoProblemCause(h, problem, got!.data) });
    }
    return pass(`${DATAGRAMS} datagrams echoed from ${address}`);
  },
});
