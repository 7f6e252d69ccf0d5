// digest: clients one after another on one run of the program, each sending random bytes (1 B up
// to 1 MiB, not UTF-8) in pieces, each once the program has read the one before (or after a short
// pause), and then half-closing; each answer must be exactly "<byte count> <sha256 hex>\n".
import { crashVerdict, defineCheck, describeExit, describeServerSide, fail, formatBytes, pass, skip, type Harness, canWatchPieces } from '../../../grader/sdk.ts';
import { answerCause, describeAnswerProblem, expectedAnswer, judgeAnswer } from './answer.ts';
import { earlyCause, silentCause } from './causes.ts';
import { ANSWER_WITHIN_MS, describeEarly, describeEnd, readAnswer, sendPieces, splitPayload } from './conversation.ts';
import { MAX_BYTES as WAITS_FOR_FIN_MAX_BYTES } from './waits-for-fin.ts';

export const MAX_PAYLOAD = 1024 * 1024;
/** The most each piece waits to be read (drawn for each); without /proc, the pause. */
const PAUSE_MS = { min: 20, max: 60 };
const PIECES = { min: 3, max: 6 };

/** One byte, a few KiB, a few hundred KiB and 1 MiB, in that order. */
export function payloadSizes(rng: Harness['rng']): number[] {
  return [1, rng.int(1000, 9000), rng.int(64 * 1024, 256 * 1024), MAX_PAYLOAD];
}

/** Random bytes; a single one is above 0x7f, so that even it is not ASCII text. */
export function randomPayload(rng: Harness['rng'], size: number): Buffer {
  return size === 1 ? Buffer.from([rng.int(0x80, 0xff)]) : rng.bytes(size);
}

/** The clients answered so far, as the start of a "did". */
export function describeServed(served: string[]): string {
  if (served.length === 0) return '';
  if (served.length === 1) return `served one client (${served[0]}, answered correctly), then `;
  return `served ${served.length} clients one after another (${served.join(', ')}, each answered correctly), then `;
}

/** How the pieces were paced, in words: on the kernel's evidence, or with pauses where /proc cannot be read. */
export function describePacing(count: number, firstPauseMs: number, watched: boolean): string {
  const read = 'until the kernel showed that your program had read it and was waiting again';
  if (count === 1) return watched ? `one piece, then waited ${read} (at most ${firstPauseMs} ms)` : `one piece, paused ${firstPauseMs} ms`;
  return watched ? `${count} pieces, after each waiting ${read} (at most ${PAUSE_MS.min} to ${PAUSE_MS.max} ms)` : `${count} pieces, pausing ${PAUSE_MS.min} to ${PAUSE_MS.max} ms after each`;
}

export const digest = defineCheck({
  id: 'digest',
  title: 'answers "<byte count> <sha256 hex>" for binary payloads from 1 byte to 1 MiB',
  hints: [
    'The payload is random bytes, not text: does your count say bytes, and does your hash see exactly the bytes that arrived?',
    'Decoding turns bytes that are not valid UTF-8 into U+FFFD, which changes both the count and the hash: keep every chunk as bytes and hash it as it arrives (lesson: "From Python to Node").',
    'Each client is a new payload: a new hash and a count of 0 for every connection, and your server goes on to the next client after each answer.',
    'Node: hash.update(chunk) and count += chunk.length in \'data\', then socket.end(`${count} ${hash.digest(\'hex\')}\\n`) in \'end\'. Python: digest.update(chunk) and count += len(chunk) for each recv(), then sendall(f"{count} {digest.hexdigest()}\\n".encode()).',
  ],
  // Several clients with pauses take longer than a check may hold the shared copy.
  fresh: true,
  async run(h) {
    const program = await h.start();
    const served: string[] = [];
    for (const size of payloadSizes(h.rng)) {
      const payload = randomPayload(h.rng, size);
      const pieces = splitPayload(payload, h.rng.int(PIECES.min, PIECES.max), h.rng);
      const pauses = pieces.map(() => h.rng.int(PAUSE_MS.min, PAUSE_MS.max));
      const n = served.length + 1;
      const did = `${describeServed(served)}connected client ${n} and sent ${formatBytes(size)} of random data in ${describePacing(pieces.length, pauses[0]!, canWatchPieces(h))}, then half-closed (FIN)`;
      const peer = await h.tryConnect(`client ${n}`);
      if (!('localPort' in peer)) {
        const crashed = await crashVerdict(program, did);
        if (crashed) return crashed;
        return fail({
          did,
          expected: `client ${n} to connect: a server serves one client after another for as long as it runs`,
          saw: `its connection was refused (${peer.code}); your program ${describeExit(await program.waitForExit(500))}`,
          cause: 'go back to accept() after every client: do not exit, or close the listener, once a client has been answered',
        });
      }
      // Up to 19 pieces in all: the threads tell when each was read, without a read of the TCP tables each time.
      const early = await sendPieces(h, program, peer, pieces, pauses, 'threads');
      if (early && size <= WAITS_FOR_FIN_MAX_BYTES) {
        return skip(`your server answered or closed before client ${n} had half-closed, so the answer to a whole payload cannot be judged; waits-for-fin judges when the answer comes`);
      }
      if (early) {
        const crashed = early.data.length === 0 ? await crashVerdict(program, did) : undefined;
        return crashed ?? fail({ did, expected: 'nothing from your server until the client\'s FIN; then the answer line', saw: describeEarly(early, payload, pieces.length), cause: earlyCause(early, h) });
      }
      peer.halfClose();
      const finAt = performance.now();
      const answer = await readAnswer(peer, h);
      if (answer.line.length === 0) {
        const crashed = answer.end === 'timeout' ? undefined : await crashVerdict(program, did, { what: `client ${n}'s FIN`, at: finAt });
        if (crashed) return crashed;
        if (!served.length) return skip('no answer came after the client\'s FIN, so there is nothing to judge; waits-for-fin tells what is wrong');
        const server = h.kernel.serverSide(peer);
        return fail({
          did,
          expected: `an answer line within ${ANSWER_WITHIN_MS / 1000} s of the FIN, as the earlier clients got`,
          saw: `no answer: ${describeEnd(answer.end, answer.evidence)}${answer.end === 'timeout' ? `; ${describeServerSide(server)}` : ''}`,
          cause: `your server answered ${served.length === 1 ? 'a smaller payload' : 'smaller payloads'} but not ${formatBytes(size)} in ${pieces.length} pieces; ${silentCause(answer, program.output.text(), server, h)}`,
        });
      }
      const problem = judgeAnswer(payload, answer.line, answer.extra);
      if (problem) {
        return fail({
          did,
          expected: `the line "${expectedAnswer(payload).replace('\n', '\\n')}": the number of bytes sent and their SHA-256 in lowercase hex`,
          saw: describeAnswerProblem(problem, payload, describeEnd(answer.end, answer.evidence)),
          cause: answerCause(problem, payload, h),
        });
      }
      served.push(formatBytes(size));
    }
    return pass(`${served.length} clients one after another (${served.join(', ')}) each got the right count and SHA-256`);
  },
});
