// restart-reuse: right after the server has closed connections first (TIME_WAIT entries on its
// port), it is stopped and started again at once on the same port; it must listen within 2 s.
import { activeNow, advise, CheckFailure, CRASH_GRACE_MS, defineCheck, describeExit, fail, pass, skip, sleep, type Harness, type Program, settleOutput } from '../../../grader/sdk.ts';
import { ask } from './answer.ts';
import { describeDoing } from './doing.ts';
import { waitForEndOrIdle } from './idle-watch.ts';
import { plural, timeWaitOnPort } from './time-wait-count.ts';

export const RESTART_WITHIN_MS = 2000;
/** TIME connections made before the stop: each leaves one TIME_WAIT entry on the server's port. */
const CONNECTIONS = 3;
const SETTLE_MS = 500;

export const restartReuse = defineCheck({
  id: 'restart-reuse',
  title: 'restarts at once over its own TIME_WAIT entries',
  hints: [
    'Stopped and started again at once, can your server bind its port while its last run\'s connections are still in TIME_WAIT?',
    'On Linux, bind() refuses a port with TIME_WAIT records unless SO_REUSEADDR was set before bind(), by the old run and the new one (lesson: "The port conflict"). Waiting or retrying until the records expire takes 60 s.',
    'Python: server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) right after socket(), before bind(). Node sets it on every TCP listener: listen at once, without waiting or retrying first.',
  ],
  fresh: true,
  async run(h) {
    const first = await h.start();
    for (let i = 1; i <= CONNECTIONS; i++) {
      const peer = await h.connect(`TIME client ${i}`);
      const answer = await ask(h, first, peer, 'TIME');
      if ('missing' in answer) return skip(`TIME got no answer, so your server closed no connection first and left no TIME_WAIT entry to restart over: serves-and-closes judges that`);
      const { end } = await waitForEndOrIdle(h, first, peer, 1000);
      if (end !== 'fin') return skip(`your server ${end === 'rst' ? 'reset the TIME connection instead of closing it' : 'answered TIME but did not close first'}, so it left no TIME_WAIT entry to restart over: serves-and-closes judges that`);
      peer.halfClose();
    }
    // Without /proc the FINs are the evidence: the side that closed first holds TIME_WAIT.
    const waiting = h.kernel.available ? await timeWaitAfter(h, first.port) : CONNECTIONS;
    if (waiting === 0) return skip(`no TIME_WAIT entry appeared on port ${first.port} after ${CONNECTIONS} TIME connections, so there is nothing to restart over: serves-and-closes judges closing first`);
    await first.stop();
    const left = h.kernel.available ? timeWaitOnPort(h.kernel.tcpOnPort(first.port), first.port) : CONNECTIONS;
    const startedAt = performance.now();
    try {
      const second = await h.start({ samePortAs: first, readyWithinMs: RESTART_WITHIN_MS });
      // Without /proc the engine's readiness is a bind probe, which the TIME_WAIT entries also refuse: ask a client.
      if (!h.kernel.available && !('localPort' in (await h.tryConnect('client after the restart')))) {
        await second.waitForExit(CRASH_GRACE_MS);
        await settleOutput(second);
        return fail(restartFailed(h, first, left));
      }
    } catch (err) {
      if (!(err instanceof CheckFailure)) throw err;
      await settleOutput(h.program!);
      return fail(restartFailed(h, first, left));
    }
    return pass(`listened again on port ${first.port} ${Math.round(performance.now() - startedAt)} ms after the restart, over ${plural(left, 'TIME_WAIT entry', 'TIME_WAIT entries')} of its previous run`);
  },
});

/** The TIME_WAIT entries on the port once the last client's FIN has been through (bounded). */
async function timeWaitAfter(h: Harness, port: number): Promise<number> {
  const deadline = activeNow() + SETTLE_MS;
  for (;;) {
    const n = timeWaitOnPort(h.kernel.tcpOnPort(port), port);
    if (n >= CONNECTIONS || activeNow() > deadline) return n;
    await sleep(5);
  }
}

function restartFailed(h: Harness, first: Program, timeWaits: number) {
  const restart = h.program!;
  const port = first.port;
  const exit = restart.exitInfo();
  const entries = plural(timeWaits, 'connection');
  const did = `made ${CONNECTIONS} TIME connections (your server closed them first), stopped your program with SIGTERM (it ${describeExit(first.exitInfo())}), then at once started it again on the same port ${port}`;
  const listener = h.kernel.listener(port);
  const who = h.kernel.available ? ' (no listener holds the port)' : '';
  if (listener) {
    return {
      did,
      expected: `the restart to listen on port ${port} within ${RESTART_WITHIN_MS / 1000} s`,
      saw: `the port was still held by a live listener after the previous run had been stopped; the restart ${describeExit(exit)}`,
      cause: 'a process of your previous run still listens on the port: a program that starts helpers must stop them when it is stopped (or not detach them)',
    };
  }
  if (exit && /EADDRINUSE|address already in use|errno 98/i.test(restart.output.text())) {
    return {
      did,
      expected: `the restart to listen on port ${port} within ${RESTART_WITHIN_MS / 1000} s`,
      saw: `bind failed with EADDRINUSE while ${entries} of its previous run ${timeWaits === 1 ? 'was' : 'were'} in TIME_WAIT on that port${who}; the restart ${describeExit(exit)}`,
      cause: `set SO_REUSEADDR before bind (Node sets it for TCP listeners on Unix always): ${advise(h.language, {
        node: 'a Node server gets it from net.createServer().listen(); if you open the socket some other way, set it there',
        python: 'server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) right after socket(), before bind(). On Linux both runs need it: the old run\'s sockets decide whether the new bind may reuse the port',
      })}`,
    };
  }
  if (exit) {
    return { did, expected: `the restart to listen on port ${port} within ${RESTART_WITHIN_MS / 1000} s`, saw: `the restart ${describeExit(exit)} without listening, while ${entries} of its previous run ${timeWaits === 1 ? 'was' : 'were'} in TIME_WAIT on that port${who}`, cause: 'the restart ended before it listened: its last lines below say why' };
  }
  const doing = describeDoing(h.kernel.doing(restart));
  return {
    did,
    expected: `the restart to listen on port ${port} within ${RESTART_WITHIN_MS / 1000} s`,
    saw: `after ${RESTART_WITHIN_MS / 1000} s the restart was running but not listening on port ${port}${doing ? `: ${doing}` : ''}; ${entries} of its previous run ${timeWaits === 1 ? 'was' : 'were'} in TIME_WAIT there${who}`,
    cause: `a restart must bind at once: does it wait, or retry bind() in a loop, until the TIME_WAIT entries are gone (60 s on Linux)? ${advise(h.language, { node: 'Listen at once', python: 'Set SO_REUSEADDR before bind() and bind at once' })}`,
  };
}
