// One whole conversation with one copy, that greets-first, closes-after-answer and
// exits-after-one-client each judge when it went right: connect and wait for WELCOME sending
// nothing, send a short REPEAT, read the answer, wait for the server's FIN, close, wait for the
// exit. A check that does not pass on it runs its own conversation, shaped to find its one bug.
import { exitIfEnding, waitForEndOrIdle, type Harness, type Program } from '../../../grader/sdk.ts';
import { readAnswer, readLineWatched, type Answer, type LineRead } from './conversation.ts';
import { CLOSE_WITHIN_MS, drawRepeat } from './protocol.ts';

export interface Conversation {
  /** The first line, read before the client sent anything. */
  greeting: LineRead;
  answer?: Answer;
  /** How the server ended the connection after its answer, and its side's state in the kernel then. */
  end?: { seen: 'fin' | 'rst' | 'timeout'; serverState?: string };
  exit?: ReturnType<Program['exitInfo']>;
  /** ms from the client's close to the program's exit (negative: it exited before). */
  exitAfterCloseMs?: number;
}

/** The conversation, run once for the three checks by whichever asks first. */
export function observeConversation(h: Harness): Promise<Conversation | undefined> {
  return h.observeOnce('lesson3-conversation', converseOnce);
}

async function converseOnce(h: Harness): Promise<Conversation> {
  const program = await h.start();
  const peer = await h.connect('client');
  const greeting = await readLineWatched(peer, h, 256);
  if (!greeting.data.toString('latin1').startsWith('WELCOME\n')) return { greeting };
  const request = drawRepeat(h.rng, h.rng.int(2, 9));
  peer.send(`${request.line}\n`);
  const answer = await readAnswer(peer, h);
  if (answer.line === undefined) return { greeting, answer };
  const { end: seen } = await waitForEndOrIdle(peer, CLOSE_WITHIN_MS, h);
  const end = { seen, serverState: h.kernel.serverSide(peer, program.port)?.state };
  peer.halfClose();
  const closedAt = performance.now();
  // A program that sits asleep after the close is not about to exit: exits-after-one-client then
  // waits its whole bound in a conversation of its own, so this one need not.
  const exit = program.exitInfo() ?? (await exitIfEnding(program));
  return { greeting, answer, end, exit, ...(exit ? { exitAfterCloseMs: program.startedAt + exit.atMs - closedAt } : {}) };
}
