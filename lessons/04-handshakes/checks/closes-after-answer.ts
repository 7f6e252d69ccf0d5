// closes-after-answer: after the answer line, the server closes its side with a FIN (not an RST)
// within 2 s, so the client is not left waiting and no socket stays in CLOSE_WAIT.
import { advise, crashVerdict, defineCheck, describeServerSide, fail, pass, skip, waitForEndOrIdle } from '../../../grader/sdk.ts';
import { readAnswer, type Answer } from './conversation.ts';
import { shortLine } from './empty-stream.ts';

export const CLOSE_WITHIN_MS = 2000;

/**
 * Pure: how the server ended the connection, by what the client saw and what the kernel shows.
 * Node may report an RST that follows data as a plain end of stream; an orderly close leaves
 * TIME_WAIT on the client's side (it closed first), a reset leaves nothing.
 */
export function judgeEnding(seen: 'fin' | 'rst' | 'timeout', kernel: 'fin' | 'rst' | 'unknown'): 'fin' | 'rst' | 'timeout' {
  return seen === 'fin' && kernel === 'rst' ? 'rst' : seen;
}

/** What the answer read already says about the ending, if anything. */
export function endingSeenWith(answer: Pick<Answer, 'end'>): 'fin' | 'rst' | undefined {
  if (answer.end === 'fin' || answer.end === 'closed') return 'fin';
  return answer.end === 'rst' ? 'rst' : undefined;
}

export const closesAfterAnswer = defineCheck({
  id: 'closes-after-answer',
  title: 'closes its side (FIN, not RST) within 2 s of the answer',
  hints: [
    'After your answer line, does your side of the connection ever close, and how?',
    'Your side stays in CLOSE_WAIT until your program closes it (in Node, with allowHalfOpen: true, that is your job). A reset, from SO_LINGER 0 or resetAndDestroy(), is not an orderly close (lesson: "shutdown(SHUT_WR) or close()").',
    'Node: socket.end(answer) writes the answer and then sends the FIN; not socket.write(answer) alone, not destroy(). Python: sendall() the answer, then conn.close(), or let a with block around the accepted socket do it.',
  ],
  async run(h) {
    const program = await h.start();
    const line = shortLine(h.rng);
    const did = `connected, sent a short line (${line.length} bytes) and half-closed (FIN) right behind it, read the answer, then waited for your side to close`;
    const peer = await h.connect('client');
    peer.send(line);
    peer.halfClose();
    const answer = await readAnswer(peer, h);
    if (answer.line.length === 0) {
      const crashed = answer.end === 'timeout' ? undefined : await crashVerdict(program, did);
      if (crashed) return crashed;
      return skip('no answer came after the client\'s FIN, so what follows the answer cannot be judged; waits-for-fin tells what is wrong');
    }
    const answeredAt = performance.now();
    const waited = endingSeenWith(answer) ? undefined : await waitForEndOrIdle(peer, CLOSE_WITHIN_MS, h);
    const seen = endingSeenWith(answer) ?? waited!.end;
    const ending = judgeEnding(seen, h.kernel.closeSeenByKernel(peer));
    if (ending === 'fin') return pass(`closed with a FIN ${Math.round(performance.now() - answeredAt)} ms after the answer`);
    if (ending === 'rst') {
      const crashed = await crashVerdict(program, did, { what: 'the answer', at: answeredAt });
      if (crashed) return crashed;
      return fail({
        did,
        expected: 'an orderly close of your side (FIN) after the answer',
        saw: 'the answer, then a reset (RST) where a FIN belonged',
        cause: `your program aborts the connection instead of closing it: ${advise(h.language, {
          node: 'close with socket.end(answer) or socket.end(), not socket.destroy() with data unread, nor resetAndDestroy()',
          python: 'close() without SO_LINGER set to 0 (a linger time of 0 turns close() into a reset; it is no cure for TIME_WAIT), and only after reading up to the client\'s FIN',
        })}`,
      });
    }
    const server = h.kernel.serverSide(peer);
    return fail({
      did,
      expected: `your side to close (a FIN) within ${CLOSE_WITHIN_MS / 1000} s of the answer`,
      saw: `the answer, then ${waited?.evidence ? `no FIN: ${waited.evidence}` : `no FIN for ${CLOSE_WITHIN_MS / 1000} s`}; ${describeServerSide(server)}`,
      cause: `your server answers but never closes the connection, so the client waits for an end that never comes: ${advise(h.language, {
        node: 'with allowHalfOpen: true, closing your side is your job: answer with socket.end(answer) (the answer, then the FIN), not socket.write(answer)',
        python: 'close the connection after sendall() (a with block around the accepted socket does it for you)',
      })}`,
    });
  },
});
