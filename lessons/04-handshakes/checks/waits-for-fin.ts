// waits-for-fin: random bytes in three pieces, each once the program has read the one before (or after
// a long pause), then a half-close. Nothing may come back before the client's FIN, and the answer must
// start within 2 s of it. Timing only: what the answer says is digest's to judge.
import { crashVerdict, defineCheck, describeServerSide, fail, formatBytes, pass, canWatchPieces } from '../../../grader/sdk.ts';
import { earlyCause, silentCause } from './causes.ts';
import { ANSWER_WITHIN_MS, describeEarly, describeEnd, readAnswer, sendPieces, splitPayload } from './conversation.ts';

export const PIECES = 3;
/** The most a piece (and the FIN) waits for the one before to be read; without /proc, the pause. */
export const PAUSE_MS = 300;
/** Payload sizes: enough for three pieces, small enough that one read of any server takes a whole piece. */
export const MIN_BYTES = 600;
export const MAX_BYTES = 3000;

export const waitsForFin = defineCheck({
  id: 'waits-for-fin',
  title: 'answers only once the client has half-closed (FIN), and then within 2 s',
  hints: [
    'The payload comes in three pieces, each once your server has read the one before: how does your server know that the client has finished sending?',
    'Nothing in the bytes marks the end; only the client\'s FIN does: recv() returning b\'\' in Python, the \'end\' event in Node. The connection is then half-closed, and your side can still answer (lesson: "The four-way close").',
    'Node ends your side right after \'end\' unless the server has allowHalfOpen: true, so an answer written later (after an await, in a callback) never goes out (lesson: "Half-close in Node: allowHalfOpen").',
    'Node: keep allowHalfOpen: true, only hash and count in \'data\', and socket.end(answer) in \'end\'. Python: recv() in a loop until it returns b\'\', then sendall() the answer and close.',
  ],
  // Where /proc cannot be read its pauses make it last about a second, more than a check may hold the shared copy.
  fresh: true,
  async run(h) {
    const program = await h.start();
    const payload = h.rng.bytes(h.rng.int(MIN_BYTES, MAX_BYTES));
    const pieces = splitPayload(payload, PIECES, h.rng);
    const sizes = pieces.map((p) => p.length).join(' + ');
    const did = `connected and sent ${formatBytes(payload.length)} of random data in ${PIECES} pieces (${sizes}), ${canWatchPieces(h)
      ? `then half-closed (FIN); each piece after the first, and the FIN, went once the kernel showed that your program had read what came before and was waiting again (at most ${PAUSE_MS} ms later)`
      : `${PAUSE_MS} ms apart, and half-closed (FIN) ${PAUSE_MS} ms after the last`}`;
    const peer = await h.connect('client');
    const early = await sendPieces(h, program, peer, pieces, pieces.map(() => PAUSE_MS));
    if (early) {
      const crashed = early.data.length === 0 ? await crashVerdict(program, did) : undefined;
      if (crashed) return crashed;
      return fail({
        did,
        expected: 'nothing from your server until the client\'s FIN; then one answer line',
        saw: describeEarly(early, payload, PIECES),
        cause: earlyCause(early, h),
      });
    }
    peer.halfClose();
    const finAt = performance.now();
    const answer = await readAnswer(peer, h);
    if (answer.line.length > 0) return pass(`nothing came back while ${PIECES} pieces were sent, nor before the FIN; the answer began within ${Math.ceil(performance.now() - finAt)} ms of the FIN`);
    const crashed = answer.end === 'timeout' ? undefined : await crashVerdict(program, did, { what: 'the client\'s FIN', at: finAt });
    if (crashed) return crashed;
    const server = h.kernel.serverSide(peer);
    return fail({
      did,
      expected: `nothing before the FIN, then an answer line within ${ANSWER_WITHIN_MS / 1000} s of it`,
      saw: `nothing came back before the FIN, and after it: ${answer.end === 'timeout' ? `${describeEnd(answer.end, answer.evidence)}; ${describeServerSide(server)}` : `${describeEnd(answer.end)}, with no answer`}`,
      cause: silentCause(answer, program.output.text(), server, h),
    });
  },
});
