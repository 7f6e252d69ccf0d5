// serves-and-closes: TIME is answered with the current time (ISO 8601), and the server closes first,
// so the TIME_WAIT entry lands on its own port. The client never closes before the server's FIN.
import { activeNow, advise, crashDetails, defineCheck, describeServerSide, fail, isCrash, pass, sleep, type FailureDetails, type Harness, type StreamPeer } from '../../../grader/sdk.ts';
import { ask, describeMissingAnswer } from './answer.ts';
import { waitForEndOrIdle } from './idle-watch.ts';
import { judgeTimeLine } from './iso-time.ts';
import { describeTimeProblem } from './time-words.ts';

/** How long after its answer the server has to close its side. */
export const FIN_WITHIN_MS = 2000;
/** How long the kernel may take to file the closed connection under TIME_WAIT once both FINs are through. */
const SETTLE_MS = 1000;
const DID = 'connected, sent "TIME\\n" and read the answer line, without closing its own side';

export const servesAndCloses = defineCheck({
  id: 'serves-and-closes',
  title: 'answers TIME and closes first (TIME_WAIT on its own port)',
  hints: [
    'After your TIME answer, which side sends the first FIN: yours or the client\'s?',
    'The side that closes first keeps the TIME_WAIT record, and on TIME that must be your server: close right after the answer, with a FIN, not a reset (lesson: "Who collects TIME_WAIT"). The answer is the current time in ISO 8601, on one line.',
    'Node: socket.end(`${new Date().toISOString()}\\n`) on TIME; socket.write() leaves the connection open. Python: conn.sendall((datetime.now(timezone.utc).isoformat() + "\\n").encode()), then close at once instead of waiting in recv().',
  ],
  async run(h) {
    const program = await h.start();
    const peer = await h.connect('client');
    const answer = await ask(h, program, peer, 'TIME');
    if ('missing' in answer) {
      const exit = await program.waitForExit(answer.missing.outcome === 'timeout' ? 0 : 200);
      if (isCrash(exit)) return fail(crashDetails(program, 'connected and sent "TIME\\n"'));
      return fail({
        did: 'connected and sent "TIME\\n"',
        expected: 'one line with the current time, ending in "\\n"',
        saw: describeMissingAnswer(answer, program),
        cause: answer.missing.data.length > 0
          ? 'end the answer with a newline ("\\n"): it is a line'
          : `read the request up to its newline, then write the time: ${advise(h.language, { node: 'socket.end(`${new Date().toISOString()}\\n`) on TIME', python: 'conn.sendall((datetime.now(timezone.utc).isoformat() + "\\n").encode()) on TIME' })}`,
      });
    }
    const verdict = judgeTimeLine(answer.line, Date.now());
    if (!verdict.ok) {
      const { saw, cause } = describeTimeProblem(verdict, answer.line, performance.now() - program.startedAt, h.language);
      return fail({ did: 'connected, sent "TIME\\n" and read the answer line', expected: `one ISO 8601 date-time within 5 s of now`, saw, cause });
    }
    const closed = await waitForEndOrIdle(h, program, peer, FIN_WITHIN_MS);
    if (closed.end === 'rst') return fail(resetDetails(h, answer.line));
    if (closed.end === 'timeout') {
      return failWith({
        expected: `your server to close its side first: its FIN within ${FIN_WITHIN_MS / 1000} s of the answer`,
        saw: `"${answer.line}", then no FIN${closed.evidence ? `: ${closed.evidence}` : ` for ${FIN_WITHIN_MS / 1000} s`}; ${describeServerSide(h.kernel.serverSide(peer))}`,
        cause: `your server waits for the client to close first, so the TIME_WAIT entry lands on the client. ${advise(h.language, {
          node: 'On TIME, send the answer with socket.end(answer): it writes the line, then your FIN. socket.write() leaves the connection open',
          python: 'On TIME, close the connection right after sendall() (return from the with-block): waiting in recv() for the client leaves the closing to it',
        })}`,
      });
    }
    peer.halfClose();
    const side = await settleServerSide(h, peer);
    if (side === 'rst') return fail(resetDetails(h, answer.line));
    if (side === 'unknown') return pass(`answered "${answer.line}" and closed first (FIN); the kernel's table cannot be read here to confirm TIME_WAIT`);
    if (side?.state !== 'TIME_WAIT') {
      return failWith({
        expected: `the server's side in TIME_WAIT on port ${program.port} once the client had answered its FIN`,
        saw: `"${answer.line}" and your FIN came, but ${describeServerSide(side)}`,
        cause: 'close the connection completely (not only shut down your sending side): the side that closes first goes through FIN_WAIT_2 to TIME_WAIT only when its socket is closed',
      });
    }
    return pass(`answered "${answer.line}" (${(Math.abs(verdict.differenceMs) / 1000).toFixed(1)} s from now) and closed first: TIME_WAIT on port ${program.port}`);
  },
});

/** After the client's FIN: the server's side in TIME_WAIT, 'rst' when neither side kept anything (a reset), 'unknown' without /proc. */
async function settleServerSide(h: Harness, peer: StreamPeer) {
  if (!h.kernel.available) return 'unknown' as const;
  const deadline = activeNow() + SETTLE_MS;
  for (;;) {
    const side = h.kernel.serverSide(peer);
    if (side?.state === 'TIME_WAIT') return side;
    if (h.kernel.closeSeenByKernel(peer) === 'rst') return 'rst' as const;
    if (activeNow() > deadline) return side;
    await sleep(5);
  }
}

function resetDetails(h: Harness, line: string): FailureDetails {
  return {
    did: DID,
    expected: 'an orderly close from your server after the answer: its FIN, leaving TIME_WAIT on its port',
    saw: `"${line}", then the connection was reset (RST) where your FIN belonged`,
    cause: `your server closes with a reset, which throws away TIME_WAIT's protection and tells the client its connection failed. ${advise(h.language, {
      node: 'Close with socket.end(answer), not socket.resetAndDestroy() (or destroy() with unread data)',
      python: 'Close with conn.close() and do not set SO_LINGER to 0',
    })}`,
  };
}

function failWith(parts: Omit<FailureDetails, 'did'>) {
  return fail({ did: DID, ...parts });
}
