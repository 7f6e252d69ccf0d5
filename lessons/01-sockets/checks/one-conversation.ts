// One whole conversation with one start of the client, that connects, replies-token, knows-own-port
// and closes-gracefully each accept when it shows what they check: the connection, the reply line,
// the verdict printed, the client's FIN and its exit. A check it does not satisfy plays a
// conversation of its own (the same one, with that check's own bounds), so its failure is its own;
// this one gives up as soon as the client sits asleep instead of taking its next step.
import { exitIfEnding, waitUntilAsleep, within, type Harness, type Program } from '../../../grader/sdk.ts';
import { settleClose } from './client-kernel.ts';
import { CLOSE_WITHIN_MS, converse, SETTLE_MS, VERDICT_PRINTED_WITHIN_MS, type Conversation, type Ending, type Patience, type Reply } from './conversation.ts';
import { waitForLine, type Printed } from './stdout-line.ts';

/** What the shared conversation showed, once it was over or had stopped going right. */
export interface Seen {
  c: Conversation;
  reply?: Reply;
  verdict?: string;
  printed?: Printed;
  ending?: Ending;
  kernel?: 'fin' | 'rst' | 'unknown';
  exit?: ReturnType<Program['exitInfo']>;
}

/** How long every thread of the client must sleep, in a row, before this conversation stops waiting for it. */
const ASLEEP_MS = 300;
const LOOK_MS = 20;

export function observeConversation(h: Harness): Promise<Seen | undefined> {
  return h.observeOnce('lesson1-conversation', converseOnce);
}

async function converseOnce(h: Harness): Promise<Seen> {
  const unlessAsleep = patience(h);
  const c = await converse(h, unlessAsleep);
  if (!c.connection) return { c };
  const reply = await unlessAsleep(c.program, c.reply);
  if (reply === undefined) return { c };
  const verdict = await c.verdict;
  if (verdict === undefined) return { c, reply };
  const printed = await unlessAsleep(c.program, waitForLine(c.program, verdict, VERDICT_PRINTED_WITHIN_MS));
  // A client that sits asleep instead of closing is left to closes-gracefully's own conversation and its whole bound.
  const exit = c.program.exitInfo() ?? (await exitIfEnding(c.program));
  if (!exit) return { c, reply, verdict, ...(printed ? { printed } : {}) };
  const ending = await within(c.ending, CLOSE_WITHIN_MS);
  const kernel = ending === 'fin' ? await settleClose(h, c, SETTLE_MS) : 'unknown';
  return { c, reply, verdict, ...(printed ? { printed } : {}), exit, ...(ending ? { ending } : {}), kernel };
}

/**
 * Waits for a milestone unless the client sleeps (every thread) for ASLEEP_MS in a row first: a
 * client about to take its next step is running, not asleep. Where /proc cannot tell, the whole wait.
 */
function patience(h: Harness): Patience {
  // Given up on, the wait may still fail later: waitUntilAsleep handles that, and it is nobody's concern.
  return async <T>(program: Program, wait: Promise<T>): Promise<T | undefined> =>
    (await waitUntilAsleep(h.kernel, program, ASLEEP_MS, { everyMs: LOOK_MS, until: wait })) ? undefined : wait;
}
