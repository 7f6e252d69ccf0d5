// client-reset: a client that aborts with RST must not take the server down; the next client is served.
import { advise, crashVerdict, defineCheck, describeExit, fail, pass, skip } from '../../../grader/sdk.ts';
import { describeEcho, echo, randomLine } from './echo.ts';

const DID = 'connected a client, sent a line, then aborted that connection with a reset (RST, as a crashed or killed client does); then connected a second client and sent a line';

export const clientReset = defineCheck({
  id: 'client-reset',
  title: 'survives a client that resets the connection',
  hints: [
    'What happens in your program when a client aborts its connection with a reset instead of closing it?',
    'A reset arrives as an error on that one connection (ECONNRESET, or EPIPE on a write); left unhandled, it ends the whole process (lesson: "What the bugs look like in Node", gen 5).',
    'Node: socket.on(\'error\', (err) => console.error(err.message)) on every connection; server.on(\'error\') does not see it. Python: catch ConnectionError around recv() and sendall(), close that connection, and go back to accept().',
  ],
  // A reset may crash the program: it runs last on the shared copy, when no other check needs it any more.
  sharedLast: true,
  async run(h) {
    const program = await h.start();
    const first = await h.connect('client 1');
    const firstEchoed = !(await echo(first, randomLine(h.rng), h));
    first.abort();
    const abortedAt = performance.now();
    const second = await h.tryConnect('client 2');
    const line = randomLine(h.rng);
    const secondProblem = 'localPort' in second ? await echo(second, line, h) : undefined;
    if ('localPort' in second && !secondProblem) return pass('the next client was served after a reset');
    const crashed = await crashVerdict(program, DID, { what: 'the reset', at: abortedAt });
    if (crashed?.status === 'fail' && /ECONNRESET|ConnectionResetError|BrokenPipe|EPIPE|reset by peer/i.test(program.output.text())) {
      return fail({ ...crashed.details, cause: resetCrashCause(h.language, program.output.text()) });
    }
    if (crashed) return crashed;
    const exit = program.exitInfo();
    if (exit) return skip(`your program ended after its first client (it ${describeExit(exit)}), so whether a reset harms it cannot be told; sequential-clients judges serving one client after another`);
    if (!('localPort' in second)) return skip('your program stopped listening after its first client, so whether a reset harms it cannot be told; sequential-clients judges serving one client after another');
    if (!firstEchoed) return skip('your server echoed neither client, so whether a reset harms it cannot be told; many-messages tells what is wrong with the echo');
    return fail({
      did: DID,
      expected: 'the second client\'s line echoed back',
      saw: `${describeEcho(secondProblem!, line.length)}; your program is still running`,
      cause: 'after a client reset, your server no longer serves others: treat a reset (ECONNRESET) like a client that left — end that connection and go on accepting',
    });
  },
});

/** The reset reached the program as an error nothing handled: where that happens depends on how it reads. */
function resetCrashCause(language: Parameters<typeof advise>[0], output: string): string {
  const node = /readline|Interface/.test(output)
    ? 'a readline interface re-emits its input\'s errors on itself: add rl.on(\'error\', …) (a handler on the socket alone does not catch it), and end only that connection'
    : /asyncIterator|for await|unhandled.?rejection|fromPromise/i.test(output)
      ? 'a for await loop over the socket throws the reset as an exception: wrap the loop in try/catch and end only that connection'
      : 'an \'error\' event with no listener crashes Node: add socket.on(\'error\', …) to every connection (and, if you read with for await or readline, catch the error there too)';
  return `the client's reset reached your program as an error (ECONNRESET) that nothing handled, and took the whole server down: ${advise(language, {
    node,
    python: 'catch ConnectionError (ConnectionResetError on recv, BrokenPipeError on a later send) around recv and sendall, and close only that connection',
  })}`;
}
