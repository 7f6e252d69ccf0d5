// large-datagram: one 60,000-byte datagram comes back whole, as one datagram.
import { advise, defineCheck, fail, formatAddress, pass } from '../../../grader/sdk.ts';
import { echoProblemCause } from './causes.ts';
import { drain, nextDatagram, REPLY_MS, targetOf, warmUp } from './exchange.ts';
import { describeEchoProblem, formatSize, judgeEchoDatagram, listSizes } from './judge-datagrams.ts';
import { silenceVerdict } from './silence.ts';

/** Far more than recvfrom(1024) holds, and less than the 65,507 bytes IPv4 allows. */
export const LARGE = 60_000;
/** After a wrong first datagram, how long the rest of a split reply may take to show up. */
const FOLLOWERS_MS = 200;

export const largeDatagram = defineCheck({
  id: 'large-datagram',
  title: `echoes a ${LARGE.toLocaleString('en-US')}-byte datagram whole`,
  hints: [
    'A 60,000-byte datagram: does all of it reach your code, and does it go back in one piece?',
    'recvfrom(n) returns one datagram cut to n bytes and throws the rest of it away without an error; on TCP a small buffer only means more reads (lesson: "How big a datagram can be").',
    'Python: recvfrom(65535), which holds any UDP datagram, and one sendto() of the whole data. Node: \'message\' already holds the whole datagram, so send msg itself back in one server.send().',
  ],
  async run(h) {
    const program = await h.start();
    const client = await h.udp('client');
    const skipped = await warmUp(h, client, program, 'a large datagram');
    if (skipped) return skipped;
    const datagram = h.rng.bytes(LARGE);
    const to = targetOf(program);
    const sendError = await client.send(datagram, to);
    if (sendError) throw new Error(`the grader could not send a ${LARGE}-byte datagram over loopback: ${sendError}`);
    const got = await nextDatagram(client, program);
    // Only the bytes are judged here; where replies come from is echo's to judge.
    const problem = judgeEchoDatagram(datagram, got && { data: got.data, from: { address: to.host, port: to.port } }, { address: to.host, port: to.port });
    if (!problem) return pass(`${formatSize(LARGE)} came back in one datagram`);
    const parts = {
      did: `one client sent one datagram of ${LARGE.toLocaleString('en-US')} random bytes to ${formatAddress(program.host, program.port)} (after two small datagrams, each answered before the next)`,
      expected: `one datagram back within ${REPLY_MS / 1000} s, with the same ${formatSize(LARGE)}`,
      saw: describeEchoProblem(problem, LARGE, formatAddress(to.host, to.port), REPLY_MS),
    };
    if (problem.kind === 'none') return silenceVerdict(h, program, parts);
    const followers = [...(await drain(client))];
    for (let next = await nextDatagram(client, program, FOLLOWERS_MS); next && followers.length < 100; next = await nextDatagram(client, program, FOLLOWERS_MS)) followers.push(next);
    const all = [got!, ...followers].map((d) => d.data);
    if (followers.length > 0 && Buffer.concat(all).equals(datagram)) {
      return fail({
        ...parts,
        saw: `the ${formatSize(LARGE)} came back as ${all.length} datagrams (sizes: ${listSizes(all.map((d) => d.length))})`,
        cause: `your server split one datagram into several replies; each send is one datagram, and the client gets ${all.length} messages where it sent one: ${advise(h.language, {
          node: 'send msg back in one server.send(), whatever its size',
          python: 'send the whole datagram back in one sendto(), whatever its size',
        })}`,
      });
    }
    const more = followers.length > 0 ? `; then ${followers.length} more datagram${followers.length === 1 ? '' : 's'} (sizes: ${listSizes(followers.map((d) => d.data.length))})` : '; nothing more came';
    return fail({ ...parts, saw: `${parts.saw}${more}`, cause: echoProblemCause(h, problem, got!.data) });
  },
});
