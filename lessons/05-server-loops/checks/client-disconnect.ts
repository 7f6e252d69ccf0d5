// client-disconnect: a client sends a line and closes at once; the server echoes the line, then
// closes its side promptly (a FIN, no socket left in CLOSE_WAIT).
import { activeNow, advise, crashDetails, defineCheck, formatBytes, sleep, type Harness, type StreamPeer, describeHolders, describeServerSide, fail, isCrash, judgeReply, pass, readReply, skip, waitForEndOrIdle, type FailureDetails, type ReadResult } from '../../../grader/sdk.ts';
import { describeEcho, ECHO_BOUNDS, echo, randomLine } from './echo.ts';

export const CLOSE_WITHIN_MS = 2000;
/** More than the loopback buffers hold, so the server still has writes queued when the client's FIN arrives. */
export const LEAVING_BYTES = 8 * 1024 * 1024;
/** How long the client waits, not reading, for the server to reach its FIN (or to stop reading itself). */
const CATCH_UP_MS = 1000;
const DID = `connected, sent a line and ${formatBytes(LEAVING_BYTES)} more, and at once closed its sending side (FIN), reading nothing until the server had seen the FIN (or had stopped reading)`;

/** Pure judgement of how the connection ended: by the peer's view and, where known, the kernel's. */
export function judgeClose(seen: 'fin' | 'rst' | 'timeout', kernel: 'fin' | 'rst' | 'unknown'): 'fin' | 'rst' | 'timeout' {
  if (seen === 'fin' && kernel === 'rst') return 'rst';
  return seen;
}

export const clientDisconnect = defineCheck({
  id: 'client-disconnect',
  title: 'echoes what a leaving client sent, then closes its side',
  hints: [
    'When the client closes its sending side, what does your server see, and does it ever close its own?',
    'An empty read (in Node, the \'end\' event) means the client\'s FIN has arrived: echo everything it sent, then close, or your side stays in CLOSE_WAIT (lesson: "How a connection ends").',
    'Node: write each chunk in \'data\' and call socket.end() in \'end\'; destroy() throws away queued writes, and a paused socket never sees \'end\'. Python: break out of the loop on b\'\' and close the connection (a with conn: block does it).',
  ],
  async run(h) {
    const program = await h.start();
    const peer = await h.connect('client');
    // Two short exchanges first: a server that cannot answer twice on one connection is many-messages' to judge.
    if ((await echo(peer, randomLine(h.rng), h)) || (await echo(peer, randomLine(h.rng), h))) {
      return skip('your server did not echo two short lines on one connection, so how it ends a connection cannot be judged; many-messages tells what is wrong');
    }
    const line = Buffer.concat([randomLine(h.rng), h.rng.bytes(LEAVING_BYTES)]);
    peer.pause();
    peer.send(line);
    peer.halfClose();
    await waitForServerToCatchUp(h, peer);
    peer.resume();
    // The whole echo must come before the server's FIN: an echo server answers everything it received.
    const { got: echoed, evidence } = await readEchoUntilWrong(peer, line, h);
    const ending = echoed.outcome === 'complete' ? await waitForEndOrIdle(peer, CLOSE_WITHIN_MS, h) : undefined;
    const seen = ending ? ending.end : echoed.outcome === 'rst' ? 'rst' : echoed.outcome === 'fin' ? 'fin' : 'timeout';
    // A FIN or RST can come from the kernel tidying up after a crash: ask whether the program still serves.
    const probe = seen === 'timeout' ? undefined : await h.tryConnect('second client');
    const exit = probe && !('localPort' in probe) ? await program.waitForExit(1000) : program.exitInfo();
    if (isCrash(exit)) return { status: 'fail', details: crashDetails(program, DID) };
    // Bytes lost or reordered in the middle of the stream are large-message's to judge; this check is about the end.
    const midStream = judgeReply(line.subarray(0, echoed.data.length), { data: echoed.data, outcome: 'complete' });
    if (midStream) return skip(`what came back before the end was already wrong (${describeEcho(midStream, line.length)}); large-message judges echoing a long stream`);
    if (echoed.outcome === 'fin' || echoed.outcome === 'rst' || echoed.outcome === 'closed') {
      return failWith({
        expected: `all ${formatBytes(line.length)} echoed back before your side closed`,
        saw: `${describeEcho({ kind: 'short', received: echoed.data.length, outcome: echoed.outcome }, line.length)}`,
        cause: `your server closed its side before it had written back everything the client sent (an echo server echoes every byte before its FIN): ${advise(h.language, {
          node: 'write each chunk back as it arrives in \'data\', and call socket.end() in \'end\': end() sends the FIN after the queued writes (socket.destroy() discards them)',
          python: 'send everything recv() returned (sendall) before you close',
        })}`,
      });
    }
    if (echoed.outcome === 'deadline') {
      return skip(`your server echoes, but slowly: ${formatBytes(echoed.data.length)} of ${formatBytes(line.length)} came back in ${ECHO_BOUNDS.totalMs / 1000} s, so how it ends a connection cannot be judged; large-message judges speed`);
    }
    if (echoed.outcome === 'timeout') {
      return failWith({
        expected: `all ${formatBytes(line.length)} echoed back, then your side closed`,
        saw: `${describeEcho({ kind: 'short', received: echoed.data.length, outcome: echoed.outcome, ...(evidence ? { evidence } : {}) }, line.length)}; ${describeServerSide(h.kernel.serverSide(peer))}`,
        cause: 'your server did not echo everything a client sent before it closed its sending side: the client\'s FIN does not stop it from receiving, so echo all that came, then close',
      });
    }
    if (seen === 'timeout') {
      const side = h.kernel.serverSide(peer);
      const holders = side?.state === 'CLOSE_WAIT' ? h.kernel.holders(side) : [];
      const backInAccept = holders.length > 0 && h.kernel.doing(program).some((t) => t.pid === holders[0]!.pid && (t.syscall === 'accept' || t.syscall === 'accept4'));
      if (holders.length > 1 || backInAccept) {
        return failWith({
          expected: `your side to close (a FIN) within ${CLOSE_WITHIN_MS / 1000} s of the echo`,
          saw: `no FIN; ${describeServerSide(side)}${describeHolders(holders)}${backInAccept ? ', which is back in accept() waiting for the next client' : ''}`,
          cause: 'a connection closes only when every process that holds it has closed it: close it when its loop ends, and in a forking server have the parent close its copy right after fork() hands the connection to the child',
        });
      }
      return failWith({
        expected: `your side to close (a FIN) within ${CLOSE_WITHIN_MS / 1000} s of the echo`,
        saw: `${ending?.evidence ? `no FIN: ${ending.evidence}` : `no FIN after ${CLOSE_WITHIN_MS / 1000} s`}; ${describeServerSide(h.kernel.serverSide(peer))}`,
        cause: `your server never closes a connection whose client has left: ${advise(h.language, {
          node: 'when the client\'s FIN arrives (the \'end\' event), close your side with socket.end(); a paused socket never sees \'end\', so resume it',
          python: 'when recv() returns b\'\' (the client\'s FIN), leave the loop and close the connection',
        })}`,
      });
    }
    if (judgeClose(seen, h.kernel.closeSeenByKernel(peer)) === 'rst') {
      return failWith({
        expected: 'an orderly close (FIN) from your side',
        // Say where the reset was seen: by the client itself, or only by the kernel (libuv reports an RST right behind data as an end of stream).
        saw: seen === 'rst'
          ? 'the connection was reset (RST) instead: the client received a reset, not a FIN'
          : 'the connection was reset (RST) instead: the client read an end of stream, but the kernel shows no TIME_WAIT on either side, which an orderly close leaves',
        cause: `close with ${advise(h.language, { node: 'socket.end()', python: 'close() without SO_LINGER 0' })}, and only after reading everything the client sent: resetAndDestroy(), SO_LINGER 0, or closing a socket with unread data makes the kernel send RST`,
      });
    }
    return pass('echoed the line, then closed its side after the client\'s FIN');
  },
});

/** How much of the echo is read and compared at a time: a stream that goes wrong midway is seen at once. */
const PIECE_BYTES = 256 * 1024;

/** Reads the echo of `sent` piece by piece, stopping at the first piece that differs (large-message's business). */
async function readEchoUntilWrong(peer: StreamPeer, sent: Buffer, h: Harness): Promise<{ got: ReadResult; evidence?: string }> {
  const started = activeNow();
  const pieces: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const want = Math.min(PIECE_BYTES, sent.length - offset);
    const totalMs = Math.max(1, ECHO_BOUNDS.totalMs - (activeNow() - started));
    const { got, evidence } = await readReply(peer, want, { idleMs: ECHO_BOUNDS.idleMs, totalMs }, h);
    pieces.push(got.data);
    const wrong = !got.data.equals(sent.subarray(offset, offset + got.data.length));
    offset += got.data.length;
    if (got.outcome !== 'complete' || wrong || offset >= sent.length) {
      return { got: { data: Buffer.concat(pieces), outcome: wrong && got.outcome === 'complete' ? 'timeout' : got.outcome }, ...(evidence ? { evidence } : {}) };
    }
  }
}

/**
 * The client reads nothing until the server has received its FIN (CLOSE_WAIT) or has stopped
 * reading (its receive queue holds bytes and does not shrink: it waits for its writes to drain).
 */
async function waitForServerToCatchUp(h: Harness, peer: StreamPeer): Promise<void> {
  if (!h.kernel.available) return sleep(200);
  const deadline = activeNow() + CATCH_UP_MS;
  let lastRx = -1;
  while (activeNow() < deadline) {
    await sleep(10);
    const side = h.kernel.serverSide(peer);
    if (!side || side.state !== 'ESTABLISHED') return;
    if (side.rxQueue > 0 && side.rxQueue === lastRx) return;
    lastRx = side.rxQueue;
  }
}

function failWith(parts: Omit<FailureDetails, 'did'>) {
  return fail({ did: DID, ...parts });
}
