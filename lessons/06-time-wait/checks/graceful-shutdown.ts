// graceful-shutdown: SIGTERM comes while a client is connected (accepted) but has not sent its
// request. New connections must be refused at once, that client must still get its answer, and the
// program must exit with 0 within 2 s of that client closing.
import { activeNow, advise, CRASH_GRACE_MS, defineCheck, describeExit, describeServerSide, fail, pass, skip, sleep, type Harness, type Program, type StreamPeer, signalServer } from '../../../grader/sdk.ts';
import { ask, describeMissingAnswer, readAnswer } from './answer.ts';
import { describeDoing } from './doing.ts';
import { waitForEndOrIdle } from './idle-watch.ts';

/** How soon after SIGTERM new connections must be refused. */
export const REFUSE_WITHIN_MS = 1000;
/** How soon after the waiting client closes the program must have exited. */
export const EXIT_WITHIN_MS = 2000;
/** How long the program may take to accept the waiting client before the signal is sent anyway. */
const ACCEPT_WITHIN_MS = 1000;
const DID = 'connected a client that sent nothing yet, waited until your program had accepted it, then sent your program SIGTERM';

export const gracefulShutdown = defineCheck({
  id: 'graceful-shutdown',
  title: 'on SIGTERM stops listening, answers the waiting client, exits 0',
  hints: [
    'What does your program do when SIGTERM arrives while a client is connected but has not sent its request yet?',
    'A graceful stop is three steps: stop listening at once, serve the connections you already have to the end, then exit with status 0 (lesson: "Stopping a server: SIGTERM"). Without a handler the signal kills the process, and exiting at once drops the waiting client.',
    'Node: process.on(\'SIGTERM\', () => server.close()), no process.exit(), and no timer left running (clear it, or unref() it). Python: a SIGTERM handler that closes the listening socket, so that the accept loop ends, with clients served in non-daemon threads.',
  ],
  fresh: true,
  async run(h) {
    const program = await h.start();
    const unready = await serveOneWaitClient(h, program);
    if (unready) return skip(unready);
    const waiting = await h.connect('waiting client');
    const accepted = await waitUntilAccepted(h, waiting);
    const since = { what: 'the SIGTERM', at: performance.now() };
    signalServer(h.kernel, program, 'SIGTERM', h.kernel.listener(program.port)?.inode);
    const stoppedListening = await waitForListenerGone(h, program);
    const probe = await h.tryConnect('new client');
    if ('localPort' in probe) {
      probe.destroy();
      return fail({
        did: `${DID}, and ${stoppedListening === undefined ? `${REFUSE_WITHIN_MS / 1000} s later` : 'then'} connected a new client`,
        expected: 'the new connection refused: a server that is shutting down stops listening at once',
        saw: `the new client was accepted; your program ${describeExit(program.exitInfo())} and still listens on port ${program.port}`,
        cause: sigtermCause(h, 'your program goes on listening after SIGTERM'),
      });
    }
    const refusedAfter = stoppedListening ?? Math.round(performance.now() - since.at);
    // No early conclusion from an idle look here: a program shutting down may wait on its own threads.
    waiting.send('WAIT\n');
    const answer = await readAnswer(h, program, waiting, false);
    if ('missing' in answer) {
      // The connection ended: the program is likely ending too, give its exit a moment to be seen.
      const exit = program.exitInfo() ?? (answer.missing.outcome === 'timeout' ? undefined : await program.waitForExit(CRASH_GRACE_MS));
      return fail({
        did: `${DID}; new clients were then refused; the waiting client sent "WAIT\\n"`,
        expected: 'the waiting client answered: a connection accepted before SIGTERM is served to the end',
        saw: `${describeMissingAnswer(answer, program, since)}${accepted ? '' : `; your program had not accepted the client within ${ACCEPT_WITHIN_MS / 1000} s before the signal`}`,
        cause: !exit
          ? 'your program stopped serving the connections it already had: after SIGTERM, only the listener closes; accepted connections are served to the end'
          : killedBySigterm(exit)
            ? `SIGTERM's default action killed your program on the spot. ${sigtermCause(h, 'Catch it')}`
            : `your program exited at once on SIGTERM, dropping the client it had accepted. ${advise(h.language, {
                node: 'Do not call process.exit() in the handler: server.close() stops listening, and Node exits by itself once the last connection has ended',
                python: 'Do not sys.exit() in the handler: close the listening socket, end the accept loop, and let Python wait for the client threads (not daemon threads) before it exits',
              })}`,
      });
    }
    waiting.halfClose();
    const exit = await program.waitForExit(EXIT_WITHIN_MS);
    const summary = `refused new clients ${refusedAfter} ms after SIGTERM, answered the waiting client`;
    if (!exit) return fail(stillRunning(h, program, waiting));
    if (exit.code === 0) return pass(`${summary}, exited with 0`);
    return fail({
      did: `${DID}; the waiting client then sent "WAIT\\n", got "${answer.line}" and closed`,
      expected: 'exit status 0: a shutdown asked for is not an error',
      saw: `your program ${describeExit(exit)}`,
      cause: killedBySigterm(exit)
        ? `it was killed by SIGTERM (status 143 is 128 + 15, how a shell reports that): ${sigtermCause(h, 'handle SIGTERM and let the program end by itself')}`
        : exit.signal
        ? `it was killed by ${exit.signal}: see its last lines below`
        : 'it exited with an error status: see its last lines below for what went wrong while shutting down',
    });
  },
});

/** One WAIT client served and closed before the test proper: without that, the shutdown cannot be judged. */
async function serveOneWaitClient(h: Harness, program: Program): Promise<string | undefined> {
  const first = await h.connect('first client');
  const answer = await ask(h, program, first, 'WAIT');
  if ('missing' in answer) return `a WAIT client got no answer even before any SIGTERM (${describeMissingAnswer(answer, program)}): passive-close judges WAIT`;
  first.halfClose();
  const { end } = await waitForEndOrIdle(h, program, first, 1000);
  if (end === 'timeout') return 'your program does not close a WAIT connection after its client has closed (CLOSE_WAIT), so it could not exit after the client either: passive-close judges that';
  return undefined;
}

/** Accepted: the kernel shows the server's side of the connection and an empty accept queue. */
async function waitUntilAccepted(h: Harness, peer: StreamPeer): Promise<boolean> {
  if (!h.kernel.available) return sleep(200).then(() => true);
  const deadline = activeNow() + ACCEPT_WITHIN_MS;
  while (activeNow() < deadline) {
    if (h.kernel.serverSide(peer) && h.kernel.listener()?.rxQueue === 0) return true;
    await sleep(5);
  }
  return false;
}

/** ms (on the wall clock, for the report) from now until the program's listener is gone; undefined if not seen to go within the bound. */
async function waitForListenerGone(h: Harness, program: Program): Promise<number | undefined> {
  const started = performance.now();
  const deadline = activeNow() + REFUSE_WITHIN_MS;
  if (!h.kernel.available) return sleep(200).then(() => undefined);
  while (activeNow() < deadline) {
    if (!h.kernel.listener(program.port)) return Math.round(performance.now() - started);
    await sleep(5);
  }
  return undefined;
}

/** Killed by the signal itself, or a shell's report of that: status 143 = 128 + 15. */
function killedBySigterm(exit: { code: number | null; signal: string | null }): boolean {
  return exit.signal === 'SIGTERM' || exit.code === 143;
}

function sigtermCause(h: Harness, lead: string): string {
  return `${lead}: ${advise(h.language, {
    node: 'process.on(\'SIGTERM\', () => server.close()) stops listening at once and lets the open connections finish; a handler that only logs keeps the server running',
    python: 'signal.signal(signal.SIGTERM, handler) with a handler that closes the listening socket, so the accept loop ends; signal.SIG_IGN keeps the server running',
  })}`;
}

function stillRunning(h: Harness, program: Program, waiting: StreamPeer) {
  const side = h.kernel.serverSide(waiting);
  const listening = h.kernel.listener(program.port);
  const doing = describeDoing(h.kernel.doing(program));
  const closeWait = side?.state === 'CLOSE_WAIT';
  return {
    did: `${DID}; the waiting client then sent "WAIT\\n", got its answer and closed (FIN)`,
    expected: `your program to exit with 0 within ${EXIT_WITHIN_MS / 1000} s of that client closing: it was the last one`,
    saw: `your program is still running ${EXIT_WITHIN_MS / 1000} s later${listening ? `, and listens on port ${program.port} again` : ''}; ${side ? `the client's connection: ${describeServerSide(side)}` : 'it had closed the client\'s connection'}${doing ? `; ${doing}` : ''}`,
    cause: closeWait
      ? 'your program never closed the last connection after its client closed: close it when the read returns end of stream, and the program can end'
      : advise(h.language, {
          node: 'something keeps the event loop alive after the last connection: a timer (setInterval, or a setTimeout re-armed), another server or socket. Clear the timer in the SIGTERM handler, or unref() it when you create it',
          python: 'something keeps the program running after the last client: is the accept loop still going (it must end once the listening socket is closed), or is another non-daemon thread (a timer, a status loop) still running?',
        }),
  };
}
