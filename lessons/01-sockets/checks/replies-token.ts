// replies-token: the reply line's first word is the whole token (sent in two segments, split inside
// the token), and the server's verdict line then appears on the client's stdout.
import { defineCheck, fail, pass, skip, type Harness } from '../../../grader/sdk.ts';
import { clientSide } from './client-kernel.ts';
import { describeClientSide, describeProgram, joinSaw } from './client-words.ts';
import { REPLY_WITHIN_MS, VERDICT_PRINTED_WITHIN_MS, converse, type Conversation, type Reply } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { judgeToken, quote } from './protocol.ts';
import { noReplyCause, tokenCause, verdictCause } from './reply-causes.ts';
import { findLine, waitForLine } from './stdout-line.ts';


export const repliesToken = defineCheck({
  id: 'replies-token',
  title: 'replies with the whole token, then prints the verdict line',
  hints: [
    'The greeting arrives in two pieces, split inside the token: one read returns only what has arrived so far.',
    'Keep what you read in a buffer and look for \'\\n\' in it; take the token only once the whole line is there.',
    'The token is the line without \'HELLO \' in front and without the \'\\n\'. The next line after your reply is the verdict: print it on stdout.',
  ],
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen?.reply?.line !== undefined && !judgeToken(seen.reply.line, seen.c.token, seen.c.split) && seen.printed === 'line') return pass(passed(seen.verdict!));
    const c = await converse(h);
    if (!c.connection) return skip('your program never connected, so there is no reply to judge; connects tells what happened');
    const reply = await c.reply;
    const did = describeGreeting(c);
    if (reply.line === undefined) {
      return fail({ did, expected: `a reply line, "${c.token} <your port>\\n", within ${REPLY_WITHIN_MS / 1000} s`, saw: sawNoReply(h, c, reply), cause: noReplyCause(h, c, reply) });
    }
    const problem = judgeToken(reply.line, c.token, c.split);
    if (problem) {
      const early = problem.kind === 'first-part' && reply.early > 0 ? ', and it came before the rest of the greeting had been sent' : '';
      return fail({
        did,
        expected: `a reply line whose first word is the whole token, ${c.token}`,
        saw: `your reply was ${quote(reply.line, 80)}${early}`,
        cause: tokenCause(h, problem, c),
      });
    }
    const verdict = (await c.verdict)!;
    const printed = await waitForLine(c.program, verdict, VERDICT_PRINTED_WITHIN_MS);
    if (printed === 'line') return pass(passed(verdict));
    const inside = findLine(c.program.stdout.text(), verdict);
    return fail({
      did: `${did}; read your reply and sent the verdict line "${verdict}\\n"`,
      expected: `"${verdict}" as a line of its own on your program's stdout within ${VERDICT_PRINTED_WITHIN_MS / 1000} s`,
      saw: joinSaw(
        printed === 'inside' && inside ? `it appeared on stdout only inside a longer line, ${quote(inside, 80)}` : c.program.stdout.total === 0 ? 'your program printed nothing on stdout' : 'no line on your program\'s stdout is the verdict',
        describeProgram(h, c.program),
      ),
      cause: verdictCause(h, printed),
    });
  },
});

/** What the server sent, with the token in it: a failure can be replayed with the same --seed. */
export function describeGreeting(c: Pick<Conversation, 'token' | 'split' | 'firstPart'>): string {
  const first = `HELLO ${c.token.slice(0, c.split)}`;
  const rest = `${c.token.slice(c.split)}\\n`;
  const then = {
    read: 'once your client had read it',
    unread: 'after 2 s in which your client did not read it',
    unknown: '200 ms later',
    ended: 'after your client had closed or reset the connection',
  }[c.firstPart ?? 'unknown'];
  return `accepted your client's connection and sent the greeting in two segments: "${first}", then, ${then}, "${rest}"`;
}

function sawNoReply(h: Harness, c: Conversation, reply: Reply): string {
  const bytes = reply.data.length;
  const stillOpen = reply.outcome === 'timeout' || reply.outcome === 'deadline';
  const ended = reply.outcome === 'fin' ? 'your client closed the connection (FIN)' : reply.outcome === 'rst' ? 'the connection was reset (RST)' : 'the connection closed';
  let what: string;
  if (bytes === 0) {
    what = stillOpen || reply.outcome === 'complete' ? `no reply within ${REPLY_WITHIN_MS / 1000} s` : `${ended} without a reply`;
  } else {
    const got = `${bytes} byte${bytes === 1 ? '' : 's'} without a newline (${quote(reply.data.toString('utf8'), 60)})`;
    what = stillOpen ? `${got}, then nothing more within ${REPLY_WITHIN_MS / 1000} s` : reply.outcome === 'complete' ? got : `${got}, then ${ended}`;
  }
  const side = stillOpen ? clientSide(h, c) : undefined;
  return joinSaw(what, stillOpen ? describeClientSide(side, h.kernel.available, c.clientPort) : undefined, describeProgram(h, c.program, side));
}

function passed(verdict: string): string {
  return `replied with the whole token and printed the verdict "${verdict}"`;
}
