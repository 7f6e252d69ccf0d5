// port-busy-error: started while another program listens on its port, the program exits with a
// non-zero status within 2 s and prints exactly one line on stderr that names the port.
import { advise, defineCheck, describeExit, fail, pass, settleOutput } from '../../../grader/sdk.ts';
import { describeDoing } from './doing.ts';
import { judgeErrorOutput, quoteLines } from './error-line.ts';

export const EXIT_WITHIN_MS = 2000;

export const portBusyError = defineCheck({
  id: 'port-busy-error',
  title: 'a busy port: exits non-zero with one stderr line naming the port',
  hints: [
    'What does your program print, and with what exit status, when another program already listens on its port?',
    'A live listener does not go away by waiting, and SO_REUSEADDR does not get around it: report EADDRINUSE in one line on stderr that names the port, and exit with a non-zero status (lesson: "What the bugs look like").',
    'Node: server.on(\'error\', …) that prints one line with console.error and calls process.exit(1); the error comes as an event after listen() returns, so a try/catch never sees it. Python: catch OSError around bind(), print one line with the port to sys.stderr, and sys.exit(1).',
  ],
  fresh: true,
  async run(h) {
    // The grader's own listener holds the port first (Node sets SO_REUSEADDR on it, never SO_REUSEPORT);
    // the harness closes it when the check ends.
    const program = await h.start({ endpoints: [], beforeLaunch: async ({ port }) => void (await h.serve({ port })) });
    const port = program.port;
    const did = `listened on ${h.host}:${port} itself (a live listener, not TIME_WAIT), then started your program with PORT=${port}`;
    const expected = `your program to exit with a non-zero status within ${EXIT_WITHIN_MS / 1000} s, printing exactly one line on stderr that names port ${port}`;
    const exit = await program.waitForExit(EXIT_WITHIN_MS);
    if (!exit) {
      const doing = describeDoing(h.kernel.doing(program));
      return fail({
        did,
        expected,
        saw: `your program is still running after ${EXIT_WITHIN_MS / 1000} s${doing ? `: ${doing}` : ''}`,
        cause: `a port held by a live listener does not come free by waiting: report it and exit. ${advise(h.language, {
          node: 'Listen for the server\'s \'error\' event; on EADDRINUSE print one line to stderr and process.exit(1)',
          python: 'Catch OSError around bind(), print one line to stderr and sys.exit(1); do not retry bind() in a loop',
        })}`,
      });
    }
    if (exit.code === 0 || exit.signal) {
      return fail({
        did,
        expected,
        saw: `your program ${describeExit(exit)}`,
        cause: exit.code === 0
          ? `a program that could not do its job must say so in its exit status: exit with 1. ${advise(h.language, { node: 'process.exit(1)', python: 'sys.exit(1), not sys.exit() or sys.exit(0)' })}`
          : 'it was killed by a signal: see its last lines below',
      });
    }
    await settleOutput(program);
    const verdict = judgeErrorOutput(program.stderr.text(), port);
    if (verdict.kind === 'ok') return pass(`exited with ${exit.code}: "${verdict.line.trim()}"`);
    const stdout = program.stdout.text().trim() ? ' (it printed on stdout instead?)' : '';
    const saw = {
      silent: `your program ${describeExit(exit)} and printed nothing on stderr${stdout}`,
      several: verdict.kind === 'several' ? `your program ${describeExit(exit)}, having printed ${verdict.lines.length} lines on stderr: ${quoteLines(verdict.lines)}` : '',
      'no-port': verdict.kind === 'no-port' ? `your program ${describeExit(exit)} with one line on stderr, "${verdict.line.trim()}", which does not name port ${port}` : '',
    }[verdict.kind];
    const cause = {
      silent: `print why it failed, in one line on stderr that names the port: ${advise(h.language, { node: 'console.error(...)', python: 'print(..., file=sys.stderr)' })}`,
      several: `that is a stack trace, not a message: ${advise(h.language, {
        node: 'with no \'error\' listener on the server, Node throws EADDRINUSE and prints its stack. Add server.on(\'error\', …) that prints one line and calls process.exit(1)',
        python: 'an uncaught OSError from bind() prints a traceback. Catch it, print one line to stderr and sys.exit(1)',
      })}`,
      'no-port': `say which port is busy, e.g. "cannot listen on ${h.host}:${port}: the port is already in use": ${advise(h.language, { node: 'put the port number in your line (process.env.PORT)', python: 'str(err) is "[Errno 98] Address already in use", without the port: add it' })}`,
    }[verdict.kind];
    return fail({ did, expected, saw, cause });
  },
});
