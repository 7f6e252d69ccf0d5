// sequential-clients: three clients one after the other; each must be served after the previous
// one left, and the program must still be listening after the last.
import { crashDetails, crashVerdict, defineCheck, isCrash, describeAcceptQueue, describeExit, describeServerSide, fail, pass, skip, type StreamPeer } from '../../../grader/sdk.ts';
import { describeEcho, echo, randomLine } from './echo.ts';

export const CLIENTS = 3;
const ORDINAL = ['first', 'second', 'third'];
/** After the last client's FIN, how long the program has to show that it still listens. */
const STILL_LISTENING_MS = 500;

function served(n: number): string {
  return n === 1 ? 'served one client (it sent a line, got its echo and closed)' : `served ${n} clients one after the other (each sent a line, got its echo and closed)`;
}

export const sequentialClients = defineCheck({
  id: 'sequential-clients',
  title: `serves ${CLIENTS} clients one after another, and still listens after the last`,
  hints: [
    'When a client leaves, what does your server do next: does it go back to waiting for a new connection?',
    'A server needs an accept loop around its communication loop, and must leave the inner loop when its client closes (lesson: "The right shape: a loop inside a loop").',
    'Node: the connection listener already runs for every client; don\'t call server.close() or process.exit() when one leaves. Python: while True: conn, addr = srv.accept(), with the recv loop inside, left on b\'\'.',
  ],
  async run(h) {
    const program = await h.start();
    let previous: StreamPeer | undefined;
    for (let i = 1; i <= CLIENTS; i++) {
      const did = i === 1 ? 'connected a client and sent one line' : `${served(i - 1)}, then connected the ${ORDINAL[i - 1]} client and sent a line`;
      const attempt = await h.tryConnect(`client ${i}`);
      if (!('localPort' in attempt)) {
        const exit = await program.waitForExit(500);
        if (isCrash(exit)) return { status: 'fail', details: crashDetails(program, did) };
        return fail({
          did,
          expected: `the ${ORDINAL[i - 1]} client to connect`,
          saw: `its connection was ${attempt.code === 'ECONNRESET' ? 'reset' : 'refused'} (${attempt.code}): nothing listened on ${h.host}:${h.port} any more; your program ${describeExit(exit)}`,
          cause: exit?.code === 0 || !exit
            ? 'your program stopped accepting after its previous client: keep accept() in a loop (the accept loop) and go back to it after each client'
            : 'your program ended with an error after its previous client: see its last lines below',
        });
      }
      const peer = attempt;
      const message = randomLine(h.rng);
      const problem = await echo(peer, message, h);
      if (problem && i === 1) return skip('the first client got no correct echo, so serving later clients cannot be judged; many-messages tells what is wrong with the echo');
      if (problem) {
        const crashed = await crashVerdict(program, did);
        if (crashed) return crashed;
        const earlier = previous ? h.kernel.serverSide(previous) : undefined;
        const stillInLoop = earlier?.state === 'CLOSE_WAIT';
        return fail({
          did,
          expected: `the ${ORDINAL[i - 1]} client's line echoed back`,
          saw: `${describeEcho(problem, message.length)}; ${describeAcceptQueue(h.kernel.listener())}; the previous client's connection: ${describeServerSide(earlier)}`,
          cause: stillInLoop
            ? `the ${ORDINAL[i - 1]} client was never served because your server is still in its loop for the previous client, which has left: an empty read means the peer closed — leave the communication loop, close the socket and go back to accept()`
            : `the ${ORDINAL[i - 1]} client was never served: is accept() inside a loop?`,
        });
      }
      // Closing is client-disconnect's to judge: the next client comes at once.
      peer.halfClose();
      previous = peer;
    }
    // A server serves until it is stopped: after the last client, one more connection must be accepted.
    const probe = await h.tryConnect('one more client');
    const stillServing = 'localPort' in probe ? !(await echo(probe, randomLine(h.rng), h)) : false;
    if (!stillServing) {
      const exit = await program.waitForExit(STILL_LISTENING_MS);
      return fail({
        did: `${served(CLIENTS)}, then connected one more client`,
        expected: 'your program to go on serving: a server serves until it is stopped',
        saw: exit ? `your program ${describeExit(exit)}` : 'localPort' in probe ? 'the next client was not served' : `nothing listens on port ${h.port} any more`,
        cause: 'do not exit, or close the listener, after some number of clients: go back to accept() after every client',
      });
    }
    return pass(`${CLIENTS} clients served one after another; still listening`);
  },
});
