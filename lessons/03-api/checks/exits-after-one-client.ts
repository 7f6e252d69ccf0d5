// exits-after-one-client: the whole conversation, then the client closes its side (after reading
// the answer and the server's FIN, or 2 s after the answer without that FIN); the program must
// then exit with status 0 within 2 s. It serves one client: no accept loop, no listener left open.
import { advise, crashDetails, defineCheck, describeExit, describeServerSide, fail, pass, type Harness, type Program, type StreamPeer, type Verdict } from '../../../grader/sdk.ts';
import { readAnswer, stopBeforeTeardown } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { CLOSE_WITHIN_MS, drawRepeat, EXIT_WITHIN_MS } from './protocol.ts';

type ExitInfo = ReturnType<Program['exitInfo']>;

/** Pure: how the program ended, as this check sees it. */
export function judgeExit(exit: ExitInfo): 'ok' | 'running' | 'bad-status' {
  if (!exit) return 'running';
  return exit.code === 0 && exit.signal === null ? 'ok' : 'bad-status';
}

export const exitsAfterOneClient = defineCheck({
  id: 'exits-after-one-client',
  title: 'exits with status 0 once its one client is served',
  hints: [
    'Once its one client is served, what is still keeping your program running?',
    'An open listening socket keeps a server waiting for more clients, and this one serves one client only: it stops listening as soon as that client arrives (lesson: "Serving one client: server.close(), then let the process end").',
    'Node: server.close() in the connection listener; the process then exits with status 0 by itself once the connection is over, with no process.exit(). Python: accept() once, not in a loop, close the listening socket and the connection, and let the script end.',
  ],
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen?.exit && judgeExit(seen.exit) === 'ok') return pass(`exited with status 0 ${describeExitDelay(seen.exitAfterCloseMs!)}`);
    const program = await h.start();
    return stopBeforeTeardown(await serveAndWatchExit(h, program), program);
  },
});

/** The whole conversation, the client's close, then the wait for the program's exit. */
async function serveAndWatchExit(h: Harness, program: Program): Promise<Verdict> {
  const request = drawRepeat(h.rng, h.rng.int(2, 9));
  const peer = await h.connect('client');
  peer.send(`${request.line}\n`);
  const answer = await readAnswer(peer, h);
  // The lesson promises the client's patience: 2 s for the FIN after the answer, cut short by nothing.
  const end = answer.line !== undefined ? await peer.waitForEnd(CLOSE_WITHIN_MS) : undefined;
  peer.halfClose();
  const closedAt = performance.now();
  const did = `connected, sent ${JSON.stringify(request.line)}, ${describeConversation(answer.line !== undefined, end)}, then closed its own side (FIN) and waited up to ${EXIT_WITHIN_MS / 1000} s for your program to exit`;
  const exit = program.exitInfo() ?? (await program.waitForExit(EXIT_WITHIN_MS));
  const verdict = judgeExit(exit);
  if (verdict === 'ok') return pass(`exited with status 0 ${describeExitTime(program, closedAt)}`);
  if (verdict === 'bad-status') return fail(describeBadStatus(program, did, h));
  return fail({
    did,
    expected: `your program to exit with status 0 within ${EXIT_WITHIN_MS / 1000} s of the client's close`,
    saw: `your program was still running ${EXIT_WITHIN_MS / 1000} s after the client closed; ${describeWhatIsOpen(h, program, peer)}`,
    cause: explainStillRunning(h, program, peer),
  });
}

function describeConversation(answered: boolean, end: 'fin' | 'rst' | 'timeout' | undefined): string {
  if (!answered) return 'got no answer line';
  if (end === 'fin') return 'read the answer line and your FIN';
  if (end === 'rst') return 'read the answer line, then the connection was reset';
  return `read the answer line, waited ${CLOSE_WITHIN_MS / 1000} s for a FIN that did not come`;
}

function describeExitTime(program: Program, closedAt: number): string {
  return describeExitDelay(program.startedAt + program.exitInfo()!.atMs - closedAt);
}

function describeExitDelay(msAfterClose: number): string {
  return msAfterClose <= 0 ? 'before the client had closed' : `${Math.round(msAfterClose)} ms after the client closed`;
}

/** What still holds the program, as the kernel shows it: its listener, and its side of the connection. */
function describeWhatIsOpen(h: Harness, program: Program, peer: StreamPeer): string {
  if (!h.kernel.available) return 'the kernel\'s tables cannot be read on this system to say what keeps it open';
  const listener = h.kernel.listener(program.port);
  const listening = listener ? `it still listens on port ${program.port} (the kernel shows its LISTEN socket)` : `it no longer listens on port ${program.port}`;
  return `${listening}; ${describeServerSide(h.kernel.serverSide(peer, program.port))}`;
}

function explainStillRunning(h: Harness, program: Program, peer: StreamPeer): string {
  if (!h.kernel.available || h.kernel.listener(program.port)) {
    return `a listening socket left open keeps a server waiting for more clients, and this one serves one client only: ${advise(h.language, {
      node: 'call server.close() in the connection listener, as soon as the client arrives; the process then exits by itself once that connection is over (no process.exit() needed)',
      python: 'call accept() once, not in a loop, close the listening socket, and let the script end',
    })}`;
  }
  const side = h.kernel.serverSide(peer, program.port);
  if (side && side.state !== 'TIME_WAIT' && side.state !== 'FIN_WAIT2') {
    return `your program still holds the connection open after the client closed: ${advise(h.language, {
      node: 'end it with socket.end() (a socket that is never ended keeps the event loop, and so the process, alive)',
      python: 'close the connection (conn.close(), or a with block), then let the script end',
    })}`;
  }
  return `your program no longer listens and has closed the connection, yet something else keeps it running: ${advise(h.language, {
    node: 'a timer (setInterval, or a setTimeout re-armed), another socket or server, or a readline on stdin keeps the event loop alive; clear or close it',
    python: 'a loop after the client, a thread that is not a daemon, or a blocking call (input(), sleep) keeps the script from ending',
  })}`;
}

function describeBadStatus(program: Program, did: string, h: Pick<Harness, 'language'>) {
  const crash = crashDetails(program, did);
  const expected = `your program to exit with status 0 within ${EXIT_WITHIN_MS / 1000} s of the client's close`;
  if (crash.crash && crash.crash !== describeExit(program.exitInfo())) return { ...crash, expected };
  return {
    did,
    expected,
    saw: `your program ${describeExit(program.exitInfo())}`,
    cause: `a program that did its job ends with status 0: ${advise(h.language, {
      node: 'let the event loop run empty (server.close(), then the connection\'s end, is all it takes), and never call process.exit() with a non-zero code',
      python: 'let the script end, or sys.exit(0); a non-zero status tells the shell that something failed',
    })}`,
  };
}
