// answers: ADD (with a negative operand), a small REPEAT and an unknown request, each to a fresh
// start of the program, each line sent in two pieces 300 ms apart: the exact answers, each within 2 s.
import { defineCheck, fail, pass, sleep, type Harness, type Program, type Verdict } from '../../../grader/sdk.ts';
import { explainFault, judgeAnswer, type AnswerFault } from './answer-faults.ts';
import { connectTo, describeNoAnswer, judgeCrash, readAnswer, stopBeforeTeardown } from './conversation.ts';
import { chooseSplit, describeExpected, drawAdd, drawRepeat, drawUnknown, REPLY_IDLE_MS, type Request } from './protocol.ts';

/** The pause between the two pieces of a request line: long enough for each to arrive on its own. */
export const PIECE_GAP_MS = 300;
const DID = `started your program 3 times; each time connected one client, sent one request line in two pieces ${PIECE_GAP_MS} ms apart, cut inside the line, without waiting for WELCOME, and read the answer line (a WELCOME line in front of it is skipped)`;

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
    'Each request line arrives in two pieces, 300 ms apart, and the ADD has a negative operand: does your server wait for the whole line, and does it add numbers or join strings?',
    'One read returns whatever has arrived so far, not a line: keep the chunks in a buffer until it holds a "\\n", and answer the text before it (lesson: "recv(): whatever has arrived").',
    'Parse each operand with its sign: Node, BigInt(a) + BigInt(b) after matching /^ADD (-?\\d+) (-?\\d+)$/ (a + b on two strings joins them); Python, int(a) + int(b), which accepts "-7".',
    'REPEAT n c is n copies of c, then "\\n" (Node: c.repeat(n); Python: c * n), and anything else gets one line starting with ERROR.',
  ],
  // Each request needs a program of its own (it serves one client): started here, three times.
  fresh: true,
  async run(h) {
    const programs: Program[] = [];
    return stopBeforeTeardown(await askThree(h, programs), ...programs);
  },
});

/** The three requests, each to a program of its own (pushed to `programs` as it starts), judged together. */
async function askThree(h: Harness, programs: Program[]): Promise<Verdict> {
  const requests = [drawAdd(h.rng), drawRepeat(h.rng), drawUnknown(h.rng)];
  const cuts = requests.map((r) => chooseSplit(r.line, h.rng));
  const outcomes: Outcome[] = [];
  for (const [i, request] of requests.entries()) {
    const program = await h.start({ endpoints: ['tcp'] });
    programs.push(program);
    const outcome = await ask(h, program, request, cuts[i]!, i + 1);
    // Nothing usable came back and the connection ended: a crash is said as one.
    if (outcome.fault && outcome.ended) {
      const did = `${DID}; request ${i + 1} was ${JSON.stringify(request.line)}`;
      const crashed = await judgeCrash(program, did, `an answer to ${JSON.stringify(request.line)}: ${describeExpected(request)}`);
      if (crashed) return crashed;
    }
    outcomes.push(outcome);
  }
  const wrong = outcomes.filter((o) => o.fault);
  if (wrong.length === 0) return pass('ADD, REPEAT and an unknown request each answered exactly');
  const causes = [...new Set(wrong.map((o) => explainFault(o.fault!, o.request, h)))];
  return fail({
    did: DID,
    expected: `each answer within ${REPLY_IDLE_MS / 1000} s: ${outcomes.map((o) => `${JSON.stringify(o.request.line)} → ${describeExpected(o.request)}`).join('; ')}`,
    saw: describeOutcomes(outcomes),
    cause: causes.join('. Also: '),
  });
}

/** One request to one fresh program: the line in two pieces, then its answer, judged. */
async function ask(h: Harness, program: Program, request: Request, cut: number, index: number): Promise<Outcome> {
  const peer = await connectTo(h, program, `client ${index}`);
  const bytes = `${request.line}\n`;
  const pieces: [string, string] = [bytes.slice(0, cut), bytes.slice(cut)];
  // Sent by hand rather than with sendInChunks: what arrived between the pieces tells an answer to half a line.
  peer.send(pieces[0]);
  await sleep(PIECE_GAP_MS);
  const earlyBytes = peer.pendingBytes;
  const closedEarly = peer.events.some((e) => e.type === 'fin-received' || e.type === 'rst-received');
  peer.send(pieces[1]);
  const answer = await readAnswer(peer, h);
  const fault = judgeAnswer(request, { ...(answer.line !== undefined ? { line: answer.line } : {}), earlyBytes, greetingBytes: answer.greeting?.length ?? 0, closedEarly });
  const saw = answer.line !== undefined
    ? `${JSON.stringify(answer.line)}${fault ? '' : ' (right)'}${fault === 'answered-early' ? ', an answer that had begun to arrive before the second piece was sent' : ''}`
    : describeNoAnswer(answer, program, h, peer);
  const ended = answer.line === undefined && answer.read.outcome !== 'timeout' && answer.read.outcome !== 'complete';
  return { request, pieces, saw, ended, ...(fault ? { fault } : {}) };
}

/** Each request and what came back; requests that got the very same words share them, said once. */
function describeOutcomes(outcomes: Outcome[]): string {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(o.saw, [...(groups.get(o.saw) ?? []), o]);
  const sent = (o: Outcome) => `${JSON.stringify(o.request.line)} (sent as ${JSON.stringify(o.pieces[0])}, then ${JSON.stringify(o.pieces[1])})`;
  return [...groups].map(([saw, group]) => `${group.map(sent).join(' and ')}: ${group.length > 1 ? 'each time, ' : ''}${saw}`).join('; ');
}
