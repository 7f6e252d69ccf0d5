// connection-refused: started with a PORT where nothing listens, the client exits with status 1
// within 2 s, after exactly one line on stderr: no hang, no retries, no stack trace.
import { advise, defineCheck, describeExit, fail, pass, type Harness, settleOutput } from '../../../grader/sdk.ts';
import { describeDoing } from './client-words.ts';
import { describeLines, judgeRefusal, type RefusalVerdict } from './judge-refusal.ts';

export const EXIT_WITHIN_MS = 2000;

export const connectionRefused = defineCheck({
  id: 'connection-refused',
  title: `nothing listens: one line on stderr, exit status 1, within ${EXIT_WITHIN_MS / 1000} s`,
  hints: [
    'When nothing listens, connect fails at once with ECONNREFUSED: report it, don\'t retry.',
    'Node: socket.on(\'error\', …) with console.error(one line) and process.exitCode = 1. Python: except ConnectionRefusedError, print(…, file=sys.stderr), sys.exit(1).',
  ],
  fresh: true,
  async run(h) {
    // A port reserved for this check (no other program of the run gets it) with no listener left on it.
    const server = await h.serve();
    await server.close();
    const program = await h.startClient(server);
    const exit = await program.waitForExit(EXIT_WITHIN_MS);
    if (exit) await settleOutput(program);
    const verdict = judgeRefusal(exit, program.stderr.text());
    if (verdict.kind === 'ok') return pass(`exited with status 1 after one line on stderr: "${verdict.line.trim()}"`);
    const doing = exit ? undefined : describeDoing(h.kernel.doing(program));
    const stdout = program.stdout.total > 0 ? ' (and some output on stdout)' : '';
    return fail({
      did: `started your program with HOST=${server.host} PORT=${server.port}, a port where nothing listens: the kernel answers the SYN with a reset, and connect() fails with ECONNREFUSED`,
      expected: `exit status 1 within ${EXIT_WITHIN_MS / 1000} s, after exactly one line on stderr`,
      saw: exit
        ? `your program ${describeExit(exit)}, after printing ${'lines' in verdict ? describeLines(verdict.lines) : 'nothing on stderr'}${stdout}`
        : `your program was still running ${EXIT_WITHIN_MS / 1000} s after it started${doing ? ` (${doing})` : ''}, having printed ${describeLines(verdict.kind === 'hang' ? verdict.lines : [])}`,
      cause: refusalCause(h, verdict),
      // The same crash in connects is reported there once; this check then says skip.
      ...(verdict.kind === 'crash' ? { crash: verdict.line } : {}),
    });
  },
});

function refusalCause(h: Pick<Harness, 'language'>, verdict: RefusalVerdict): string {
  const oneLine = advise(h.language, {
    node: 'in socket.on(\'error\', (err) => …) print console.error(`${host}:${port}: ${err.message}`) and set process.exitCode = 1',
    python: 'catch OSError (ConnectionRefusedError is one) around connect(), print one line with print(..., file=sys.stderr) and sys.exit(1)',
  });
  switch (verdict.kind) {
    case 'hang':
      return `a refused connection is a definite answer, at once: nothing listens on that port now. Report it instead of retrying or waiting. ${advise(h.language, {
        node: 'After the \'error\' event nothing may keep the program alive: no retry timer, no interval, no other socket',
        python: 'No retry loop: one connect(), and on ConnectionRefusedError print one line and sys.exit(1)',
      })}`;
    case 'signal':
      return 'your program was killed by a signal: see its last lines below';
    case 'crash':
      return `your program crashed before it could report the refusal, with "${verdict.line.slice(0, 160)}": fix that error first (the line it happened on is in its last lines below)`;
    case 'exit-0':
      return `exit status 0 tells whoever started your program (a shell, a script, CI) that it worked. ${advise(h.language, {
        node: 'Set process.exitCode = 1 in the \'error\' handler',
        python: 'Call sys.exit(1), not sys.exit() or sys.exit(0)',
      })}`;
    case 'wrong-status':
      return `this protocol asks for exit status 1 when the connection is refused, not ${verdict.code}: ${oneLine}`;
    case 'silent':
      return `say what went wrong, in one line on stderr (not stdout): ${oneLine}`;
    case 'traceback':
      return `that is a stack trace, not a message for the user: ${advise(h.language, {
        node: 'with no \'error\' listener on the socket, Node throws the ECONNREFUSED error and prints its stack. Add socket.on(\'error\', …) that prints one line and sets process.exitCode = 1',
        python: 'nothing caught the ConnectionRefusedError from connect(), so Python printed a traceback. Catch it, print one line to stderr and sys.exit(1)',
      })}`;
    case 'several':
      return `print one line on stderr, not ${verdict.lines.length}: ${oneLine}`;
    case 'ok':
      return '';
  }
}
