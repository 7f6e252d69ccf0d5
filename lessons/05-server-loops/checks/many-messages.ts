// many-messages: one connection, many messages, each answered before the next is sent.
import { advise, crashVerdict, defineCheck, describeServerSide, fail, pass, previewBytes, type Harness, type ReplyProblem } from '../../../grader/sdk.ts';
import { alteredCause, commonCause, describeEcho, ECHO_BOUNDS, echo, randomLine } from './echo.ts';

export const MESSAGES = 20;
/** After the last echo and our FIN, how long anything more may take to show up. */
const TRAILING_MS = 500;
/** After no echo at all, how long we wait for one that comes only once the client's FIN arrives. */
const AFTER_FIN_MS = 500;
const DID = `connected one client and sent ${MESSAGES} lines one at a time, each after the previous one's echo`;

export const manyMessages = defineCheck({
  id: 'many-messages',
  title: `echoes ${MESSAGES} messages on one connection`,
  hints: [
    'Does every line come back as soon as it arrives, and is your server still reading after its first echo?',
    'The read and the write belong in a loop that ends only when the client closes: the communication loop of gen 3 (lesson: "The five generations").',
    'Node: socket.write(chunk) in \'data\', and socket.end() only in \'end\' (not socket.end(chunk) in \'data\'). Python: loop on data = conn.recv(65536), break when it is b\'\', else conn.sendall(data).',
  ],
  async run(h) {
    const program = await h.start();
    const peer = await h.connect('client');
    const started = performance.now();
    for (let i = 1; i <= MESSAGES; i++) {
      const message = randomLine(h.rng);
      const problem = await echo(peer, message, h, Math.max(1, ECHO_BOUNDS.totalMs - (performance.now() - started)));
      if (!problem) continue;
      const before = i === 2 ? '; message 1 had been echoed correctly' : i > 2 ? `; messages 1 to ${i - 1} had been echoed correctly` : '';
      const expected = `message ${i} (${message.length} bytes) to come back unchanged`;
      const ended = problem.kind === 'short' && problem.outcome !== 'timeout' && problem.outcome !== 'deadline';
      const crashed = ended ? await crashVerdict(program, `${DID}; message ${i} was being answered`) : undefined;
      if (crashed) return crashed;
      if (i === 1 && problem.kind === 'short' && problem.received === 0 && problem.outcome === 'timeout') {
        // Some servers answer only once the stream ends (read to EOF, MSG_WAITALL): tell those apart.
        peer.halfClose();
        const late = await peer.read(message.length, AFTER_FIN_MS);
        if (late.data.length > 0) {
          return fail({
            did: `${DID}; when no echo came, closed its sending side (FIN)`,
            expected: 'the echo of message 1 as soon as it was sent',
            saw: `${problem.evidence ? `nothing came back while ${problem.evidence.replace(/^your program is/, 'your program was').replace(/, and has used/, ', and had used')}` : `nothing for ${ECHO_BOUNDS.idleMs / 1000} s`}; then, once the client's FIN arrived, ${late.data.length} bytes came back`,
            cause: `your server waits for more data, or for the end of the stream, before it replies: ${advise(h.language, {
              node: 'write each chunk back in the \'data\' handler as it arrives, not in \'end\' or after collecting the whole stream',
              python: 'recv() returns whatever has arrived; send it back at once instead of reading to the end (no reader.read(-1), no MSG_WAITALL)',
            })}`,
          });
        }
      }
      const stuck = problem.kind === 'short' && problem.outcome === 'timeout' ? `; ${describeServerSide(h.kernel.serverSide(peer))}` : '';
      return fail({ did: DID, expected, saw: `${describeEcho(problem, message.length)}${before}${stuck}`, cause: causeFor(i, problem, performance.now() - started, h) });
    }
    // Anything after the last echo was never sent: half-close and see what comes before the server's FIN.
    peer.halfClose();
    const trailing = await peer.read(1, TRAILING_MS);
    if (trailing.data.length > 0) {
      return fail({
        did: `${DID}, then closed its sending side (FIN)`,
        expected: 'nothing more: every line had been echoed',
        saw: `more bytes that were never sent ("${previewBytes(trailing.data)}")`,
        cause: alteredCause({ kind: 'extra-bytes', extra: trailing.data }, h),
      });
    }
    return pass(`${MESSAGES} messages echoed on one connection`);
  },
});

export function causeFor(index: number, problem: ReplyProblem, elapsedMs: number, h: Pick<Harness, 'language'>): string {
  const common = commonCause(problem, h);
  if (common) return common;
  if (problem.kind !== 'short') return alteredCause(problem, h);
  if (problem.outcome === 'deadline') {
    return `your server answers correctly but slowly: ${index - 1} of ${MESSAGES} echoes took ${Math.round(elapsedMs / 1000)} s (about ${Math.round(elapsedMs / index)} ms each); an echo server answers at once: look for a sleep or timer before you write, very small reads and writes, or a log line per byte or per chunk`;
  }
  if (index === 1 && problem.received === 0) return `your server does not echo: ${advise(h.language, { node: 'write every chunk you receive back to the same socket (socket.write(chunk) in the \'data\' handler)', python: 'send every chunk recv() returns back on the same connection (conn.sendall(data))' })}`;
  if (problem.outcome === 'fin') {
    return `your server closes the connection after answering ${index - 1 === 1 ? 'once' : `${index - 1} times`}: ${advise(h.language, {
      node: 'end your side in the \'end\' handler (when the client has finished), not after a write in \'data\'',
      python: 'put the recv and the send in a loop (the communication loop) that ends only when recv() returns b\'\'',
    })}`;
  }
  return 'your server answered, then stopped reading: the read and the reply belong in a loop (the communication loop) that ends only when the client closes';
}
