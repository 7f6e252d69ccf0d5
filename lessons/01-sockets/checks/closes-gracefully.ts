// closes-gracefully: after the verdict the client closes first with a FIN (no RST at any point),
// and once the server has closed its side too, the program exits with status 0.
import { defineCheck, describeExit, fail, pass, skip, within, settleOutput } from '../../../grader/sdk.ts';
import { clientSide, settleClose, watchClientSide } from './client-kernel.ts';
import { describeClientSide, describeProgram, joinSaw } from './client-words.ts';
import { closeCause } from './close-causes.ts';
import { judgePrinted } from './stdout-line.ts';
import { CLOSE_WITHIN_MS, converse, EXIT_WITHIN_MS, SETTLE_MS } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { judgeClose, resetAfterFin, sentAfterFin } from './judge-close.ts';


export const closesGracefully = defineCheck({
  id: 'closes-gracefully',
  title: 'closes first with a FIN, never a reset, and exits with status 0',
  hints: [
    'The server never closes first: close as soon as you have printed the verdict.',
    'Node: socket.end(). Python: client.close(). Read the verdict before you close: unread bytes turn the close into a reset (RST).',
  ],
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen?.ending && !judgeClose({ ending: seen.ending, kernel: seen.kernel ?? 'unknown', rstAfterFin: resetAfterFin(seen.c.connection?.events ?? []), exit: seen.exit })) return pass(passed(seen.kernel));
    const c = await converse(h);
    if (!c.connection) return skip('your program never connected, so how it closes cannot be judged; connects tells what happened');
    const watch = watchClientSide(h, c);
    const verdict = await c.verdict;
    // A client that closes or resets before replying has ended the conversation early: replies-token's to report.
    if (verdict === undefined) return skip('your client sent no complete reply line, so there was no verdict to close after; replies-token tells why');
    const ending = await within(c.ending, CLOSE_WITHIN_MS);
    const exit = ending === 'fin' ? await c.program.waitForExit(EXIT_WITHIN_MS) : c.program.exitInfo();
    const kernel = ending === 'fin' ? await settleClose(h, c, SETTLE_MS) : 'unknown';
    watch.stop();
    // What it printed last belongs in the report, also when it has only just exited.
    if (c.program.exitInfo()) await settleOutput(c.program);
    const problem = judgeClose({ ending, kernel, rstAfterFin: resetAfterFin(c.connection.events), exit });
    const did = `sent the verdict "${verdict}" after your reply, then waited for your client to close first (this server never does) and, once its FIN came, closed its own side at once`;
    if (!problem) return pass(passed(kernel));
    const last = watch.last();
    const unread = last && last.rxQueue > 0 ? `just before that, your end still held ${last.rxQueue} unread byte${last.rxQueue === 1 ? '' : 's'} from the server` : undefined;
    const { clientPort } = c;
    const saw = {
      'no-fin': () => {
        const side = clientSide(h, c);
        return joinSaw(`neither a FIN nor a reset (RST) from your client within ${CLOSE_WITHIN_MS / 1000} s`, describeClientSide(side, h.kernel.available, clientPort), describeProgram(h, c.program, side));
      },
      rst: () => joinSaw('your client reset the connection (RST) instead of closing it with a FIN', unread, describeProgram(h, c.program)),
      'rst-after-fin': () => joinSaw(
        kernel === 'rst' ? 'your FIN arrived, but the connection ended in a reset (RST): once both sides had closed, the kernel showed no TIME_WAIT on your end, which an orderly close leaves' : 'your FIN arrived, then a reset (RST)',
        unread,
        describeProgram(h, c.program),
      ),
      'still-running': () => `your FIN arrived and the server closed its side at once, but ${EXIT_WITHIN_MS / 1000} s later ${describeProgram(h, c.program)}`,
      'exit-status': () => `your FIN arrived and the server closed its side; then your program ${describeExit(exit)}`,
    }[problem]();
    const expected = {
      'no-fin': `your client's FIN within ${CLOSE_WITHIN_MS / 1000} s of the verdict`,
      rst: 'an orderly close: a FIN, and no reset (RST) at any point',
      'rst-after-fin': 'an orderly close: a FIN, and no reset (RST) at any point',
      'still-running': `your program to exit with status 0 within ${EXIT_WITHIN_MS / 1000} s of the server's close`,
      'exit-status': 'exit status 0: the conversation went as the protocol says',
    }[problem];
    const verdictUnread = (last?.rxQueue ?? 0) > 0 || sentAfterFin(c.connection.events) || judgePrinted(c.program.stdout.text(), verdict) !== 'line';
    return fail({ did, expected, saw, cause: closeCause(h, problem, c, verdictUnread) });
  },
});

function passed(kernel: 'fin' | 'rst' | 'unknown' | undefined): string {
  return `closed with a FIN${kernel === 'fin' ? ' (TIME_WAIT on its port)' : ''} and exited with status 0`;
}
