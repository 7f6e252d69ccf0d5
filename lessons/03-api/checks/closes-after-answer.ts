// closes-after-answer: after its answer line the server closes the connection by itself, with an
// orderly close: its FIN within 2 s, not an RST. Without an answer line there is nothing to judge.
import { advise, defineCheck, describeServerSide, fail, pass, skip, waitForEndOrIdle, type Harness, type Program, type Verdict } from '../../../grader/sdk.ts';
import { describeNoAnswer, judgeCrash, readAnswer, stopBeforeTeardown } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { CLOSE_WITHIN_MS, drawRepeat } from './protocol.ts';

const PASSED = 'the answer, then a FIN';

/**
 * Pure: how the server ended the connection. libuv reports an RST that arrives with data as an end
 * of stream, so a FIN is confirmed by the kernel where it can tell: an orderly close leaves the
 * server's side in FIN_WAIT (or later); after an RST the kernel holds nothing for it.
 */
export function judgeEnding(seen: 'fin' | 'rst' | 'timeout', serverState: string | undefined, kernelReadable: boolean): 'fin' | 'rst' | 'none' {
  if (seen === 'timeout') return 'none';
  if (seen === 'rst') return 'rst';
  return kernelReadable && serverState === undefined ? 'rst' : 'fin';
}

export const closesAfterAnswer = defineCheck({
  id: 'closes-after-answer',
  title: 'closes the connection with a FIN right after the answer',
  hints: [
    'After your answer line, who ends the connection, and how?',
    'This protocol has one request per connection: close right after the answer, with an orderly close (a FIN). A reset is not one, and closing with unread bytes in the receive buffer makes the kernel send RST (lesson: "close() and shutdown(): hanging up").',
    'Node: socket.end(answer) writes the answer, then sends the FIN; not write() alone, not resetAndDestroy(). Python: conn.sendall(answer), then conn.close() (or leave the with block), without SO_LINGER 0 and without another recv().',
  ],
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen?.answer?.line !== undefined && seen.end && judgeEnding(seen.end.seen, seen.end.serverState, h.kernel.available) === 'fin') return pass(PASSED);
    const program = await h.start();
    return stopBeforeTeardown(await watchTheClose(h, program), program);
  },
});

/** A short request, its answer, then the wait for the server's close, judged with the kernel's view. */
async function watchTheClose(h: Harness, program: Program): Promise<Verdict> {
  const request = drawRepeat(h.rng, h.rng.int(2, 9));
  const did = `connected, sent ${JSON.stringify(request.line)} at once, read the answer line, then waited for your side to close, sending nothing more`;
  const peer = await h.connect('client');
  peer.send(`${request.line}\n`);
  const answer = await readAnswer(peer, h);
  if (answer.line === undefined) {
    if (answer.read.outcome !== 'timeout' && answer.read.outcome !== 'complete') {
      const crashed = await judgeCrash(program, did, 'an answer line, then an orderly close (FIN) from your side');
      if (crashed) return crashed;
    }
    return skip(`no answer line came back, so how your server closes after its answer cannot be judged; answers tells what is wrong with the answers. What came: ${describeNoAnswer(answer, program, h, peer)}`);
  }
  const { end, evidence } = await waitForEndOrIdle(peer, CLOSE_WITHIN_MS, h);
  const side = h.kernel.serverSide(peer, program.port);
  const ending = judgeEnding(end, side?.state, h.kernel.available);
  if (ending === 'fin') return pass(PASSED);
  if (ending === 'rst') {
    const crashed = await judgeCrash(program, did, 'an orderly close (FIN) from your side after the answer');
    if (crashed) return crashed;
    return fail({
      did,
      expected: 'an orderly close (FIN) from your side after the answer',
      saw: `the answer ${JSON.stringify(answer.line)}, then the connection was reset (RST)${end === 'fin' ? ': the client\'s socket reported an end of stream, but the kernel holds nothing for your side, which a FIN would have left in FIN_WAIT2' : ''}`,
      cause: explainReset(h),
    });
  }
  return fail({
    did,
    expected: `your side to close (a FIN) within ${CLOSE_WITHIN_MS / 1000} s of the answer`,
    saw: `the answer ${JSON.stringify(answer.line)}, then no FIN${evidence ? `: ${evidence}` : ` within ${CLOSE_WITHIN_MS / 1000} s`}; ${describeServerSide(side)}`,
    cause: `your server keeps the connection open after its answer, and the client is left waiting for the end: ${advise(h.language, {
      node: 'answer with socket.end(answer) (or call socket.end() after the write): write() alone sends the bytes but no FIN',
      python: 'after conn.sendall(answer), close the connection (conn.close(), or leave its with block); don\'t recv() again waiting for a second request: this protocol has one request per connection',
    })}`,
  });
}

function explainReset(h: Pick<Harness, 'language'>): string {
  return `an RST tells the client that something went wrong, and may even destroy data it had not read yet: ${advise(h.language, {
    node: 'close with socket.end(), not socket.resetAndDestroy() (nor destroy() while bytes the client sent are unread)',
    python: 'close with conn.close() without SO_LINGER 0, and only after reading the whole request line: closing a socket with unread bytes makes the kernel send RST',
  })}`;
}
