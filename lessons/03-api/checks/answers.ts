// answers: ADD (with a negative operand), a small REPEAT and an unknown request, each to a start of
// the program of its own (the three side by side), each line sent in two pieces, the second once the
// kernel shows the first read: the exact answers, each within 2 s.
import { defineCheck, exitIfEnding, fail, pass, type Harness, type Program, type Verdict, canWatchPieces } from '../../../grader/sdk.ts';
import { explainFault, judgeAnswer, type AnswerFault } from './answer-faults.ts';
import { connectTo, describeNoAnswer, judgeCrash, readAnswer, stopBeforeTeardown } from './conversation.ts';
import { kernelFor, PIECE_WAIT_MS, waitUntilTaken } from './piece-taken.ts';
import { chooseSplit, describeExpected, drawAdd, drawRepeat, drawUnknown, REPLY_IDLE_MS, type Request } from './protocol.ts';

/** What the check did, in words: the pieces' timing depends on whether the kernel can be watched. */
function describeDid(h: Pick<Harness, 'kernel'>): string {
  const pieces = canWatchPieces(h)
    ? `in two pieces cut inside the line, the second once the kernel showed that your program had read the first and was waiting again (at most ${PIECE_WAIT_MS} ms after it)`
    : `in two pieces ${PIECE_WAIT_MS} ms apart, cut inside the line`;
  return `started your program 3 times, side by side; each time connected one client, sent one request line ${pieces}, without waiting for WELCOME, and read the answer line (a WELCOME line in front of it is skipped)`;
}

interface Outcome {
  request: Request;
  pieces: [string, string];
  fault?: AnswerFault;
  /** What came back, in words. */
  saw: string;
  /** The connection ended (FIN, RST) before an answer line: the program may have crashed. */
  ended: boolean;
}

export const answers = defineCheck({
  id: 'answers',
  title: 'answers ADD, REPEAT and an unknown request, each sent in two pieces',
  hints: [
    'Each request line arrives in two pieces, the second only once your server has read the first, and the ADD has a negative operand: does your server wait for the whole line, and does it add numbers or join strings?',
    'One read returns whatever has arrived so far, not a line: keep the chunks in a buffer until it holds a "\\n", and answer the text before it (lesson: "recv(): whatever has arrived").',
    'Parse each operand with its sign: Node, BigInt(a) + BigInt(b) after matching /^ADD (-?\\d+) (-?\\d+)$/ (a + b on two strings joins them); Python, int(a) + int(b), which accepts "-7".',
    'REPEAT n c is n copies of c, then "\\n" (Node: c.repeat(n); Python: c * n), and anything else gets one line starting with ERROR.',
  ],
  // Each request needs a program of its own (it serves one client): started here, three times at once.
  fresh: true,
  async run(h) {
    const programs: Program[] = [];
    return stopBeforeTeardown(await askThree(h, programs), ...programs);
  },
});

/** The three requests, each to a program of its own (pushed to `programs` once started), judged together. */
async function askThree(h: Harness, programs: Program[]): Promise<Verdict> {
  const requests = [drawAdd(h.rng), drawRepeat(h.rng), drawUnknown(h.rng)];
  const cuts = requests.map((r) => chooseSplit(r.line, h.rng));
  programs.push(...(await Promise.all(requests.map(() => h.start({ endpoints: ['tcp'] })))));
  const outcomes = await Promise.all(requests.map((request, i) => ask(h, programs[i]!, request, cuts[i]!, `client ${i + 1}`)));
  // Nothing usable came back and the connection ended: a crash is said as one (the first, in request order).
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome.fault || !outcome.ended) continue;
    const crashed = await judgeCrash(programs[i]!, didFor(h, outcome, i), expectedFor(outcome));
    if (crashed) return programs[i] === h.program ? crashed : ((await replayCrash(h, programs, outcome, cuts[i]!, i)) ?? crashed);
  }
  const wrong = outcomes.filter((o) => o.fault);
  if (wrong.length === 0) return pass('ADD, REPEAT and an unknown request each answered exactly');
  const causes = [...new Set(wrong.map((o) => explainFault(o.fault!, o.request, h)))];
  return fail({
    did: describeDid(h),
    expected: `each answer within ${REPLY_IDLE_MS / 1000} s: ${outcomes.map((o) => `${JSON.stringify(o.request.line)} → ${describeExpected(o.request)}`).join('; ')}`,
    saw: describeOutcomes(outcomes),
    cause: causes.join('. Also: '),
  });
}

const didFor = (h: Pick<Harness, 'kernel'>, o: Outcome, i: number) => `${describeDid(h)}; request ${i + 1} was ${JSON.stringify(o.request.line)}`;
const expectedFor = (o: Outcome) => `an answer to ${JSON.stringify(o.request.line)}: ${describeExpected(o.request)}`;

/**
 * The report shows the last lines of the program started last, and the three started side by side:
 * a crash in another one is played once more on a fourth start, so that its own lines are the ones shown.
 */
async function replayCrash(h: Harness, programs: Program[], outcome: Outcome, cut: number, i: number): Promise<Verdict | undefined> {
  const again = await h.start({ endpoints: ['tcp'] });
  programs.push(again);
  const replay = await ask(h, again, outcome.request, cut, `client ${i + 1}, once more`);
  if (!replay.fault || !replay.ended) return undefined;
  const did = `${didFor(h, outcome, i)}; it ended that run of your program, so it was sent once more, the same way, to a fourth start, whose last lines are shown`;
  return judgeCrash(again, did, expectedFor(outcome));
}

/** One request to one fresh program: the line in two pieces, then its answer, judged. */
async function ask(h: Harness, program: Program, request: Request, cut: number, name: string): Promise<Outcome> {
  const peer = await connectTo(h, program, name);
  const bytes = `${request.line}\n`;
  const pieces: [string, string] = [bytes.slice(0, cut), bytes.slice(cut)];
  // Sent by hand rather than with sendInChunks: what arrived between the pieces tells an answer to half a line.
  peer.send(pieces[0]);
  await waitUntilTaken(h, program, peer);
  const earlyBytes = peer.pendingBytes;
  const closedEarly = peer.events.some((e) => e.type === 'fin-received' || e.type === 'rst-received');
  peer.send(pieces[1]);
  // Its own kernel view: the harness's defaults to the program started last.
  const answer = await readAnswer(peer, { kernel: kernelFor(h, program), program });
  const fault = judgeAnswer(request, { ...(answer.line !== undefined ? { line: answer.line } : {}), earlyBytes, greetingBytes: answer.greeting?.length ?? 0, closedEarly });
  const ended = answer.line === undefined && answer.read.outcome !== 'timeout' && answer.read.outcome !== 'complete';
  // A program that closed as it ended: its exit is part of what came back, once it is known.
  if (ended) await exitIfEnding(program);
  const saw = answer.line !== undefined
    ? `${JSON.stringify(answer.line)}${fault ? '' : ' (right)'}${fault === 'answered-early' ? ', an answer that had begun to arrive before the second piece was sent' : ''}`
    : describeNoAnswer(answer, program, h, peer);
  return { request, pieces, saw, ended, ...(fault ? { fault } : {}) };
}

/** Each request and what came back; requests that got the very same words share them, said once. */
function describeOutcomes(outcomes: Outcome[]): string {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(o.saw, [...(groups.get(o.saw) ?? []), o]);
  const sent = (o: Outcome) => `${JSON.stringify(o.request.line)} (sent as ${JSON.stringify(o.pieces[0])}, then ${JSON.stringify(o.pieces[1])})`;
  return [...groups].map(([saw, group]) => `${group.map(sent).join(' and ')}: ${group.length > 1 ? 'each time, ' : ''}${saw}`).join('; ');
}
