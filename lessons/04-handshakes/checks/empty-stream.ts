// empty-stream: a client that connects and half-closes without sending a byte gets the answer for
// no bytes, "0 e3b0c442…b855\n", and the program goes on running. A short line first shows that
// the program answers at all (or this check has nothing to judge).
import { advise, crashVerdict, defineCheck, describeServerSide, fail, pass, skip, sleep, type Harness, type Program } from '../../../grader/sdk.ts';
import { EMPTY_SHA256, describeAnswerProblem, expectedAnswer, judgeAnswer } from './answer.ts';
import { describeEnd, readAnswer, ANSWER_WITHIN_MS } from './conversation.ts';

export const EMPTY_ANSWER = `0 ${EMPTY_SHA256}\n`;

/** A short printable line, as the warm-up client's whole payload. */
export function shortLine(rng: Harness['rng']): Buffer {
  return Buffer.from(`${rng.text(rng.int(8, 60))}\n`);
}

export const emptyStream = defineCheck({
  id: 'empty-stream',
  title: 'answers "0 e3b0c442…b855" to a client that sends nothing, and goes on running',
  hints: [
    'What does your server do when the client\'s FIN is the very first thing that arrives, with no data before it?',
    'An empty stream is a payload of 0 bytes: its answer is the count 0 and the hash of no bytes, which a hash that was never updated gives. After the FIN every read returns empty at once, so an empty read never means "not yet" (lesson: "What the bugs look like").',
    'Node: create the hash and the count when the connection opens, not on the first chunk, and answer in \'end\' whether or not any \'data\' came. Python: create the hash and count = 0 before the read loop, leave it on the first b\'\', and answer after it.',
  ],
  async run(h) {
    const program = await h.start();
    const line = shortLine(h.rng);
    const warmUp = await h.connect('client 1');
    warmUp.send(line);
    warmUp.halfClose();
    const first = await readAnswer(warmUp, h);
    if (first.line.length === 0) {
      const crashed = await crashVerdict(program, `connected a client that sent a short line (${line.length} bytes) and half-closed (FIN) at once`);
      if (crashed) return crashed;
      return skip('a client that sent a short line and half-closed got no answer, so an empty stream cannot be judged; waits-for-fin tells what is wrong');
    }
    if (judgeAnswer(line, first.line, first.extra)) {
      return skip('the answer to a short line was not right, so the answer to an empty stream cannot be judged on its own; digest tells what is wrong with the answers');
    }
    warmUp.destroy();
    const did = `served one client (a short line, then its FIN; answered correctly), then connected a second client that half-closed (FIN) at once, without sending a byte`;
    const peer = await h.tryConnect('client 2');
    if (!('localPort' in peer)) {
      const crashed = await crashVerdict(program, did);
      if (crashed) return crashed;
      return skip(`your program stopped serving after its first client (the second one's connection was refused: ${peer.code}), so an empty stream cannot be judged; digest judges serving one client after another`);
    }
    peer.halfClose();
    const finAt = performance.now();
    const answer = await readAnswer(peer, h);
    // A crash shows as the connection's end; a program still waiting or spinning has not crashed.
    const crashed = answer.end === 'timeout' ? undefined : await crashVerdict(program, did, { what: 'the second client\'s FIN', at: finAt });
    if (crashed) return crashed;
    const expected = `the line "${EMPTY_ANSWER.replace('\n', '\\n')}" within ${ANSWER_WITHIN_MS / 1000} s (no bytes, and the SHA-256 of no bytes), and your program still running`;
    if (answer.line.length === 0) {
      const spinning = answer.end === 'timeout' && (await isSpinning(h, program));
      return fail({
        did,
        expected,
        saw: `no answer: ${describeEnd(answer.end, answer.evidence)}${answer.end === 'timeout' && !spinning ? `; ${describeServerSide(h.kernel.serverSide(peer))}` : ''}`,
        cause: emptyCause(answer.end, spinning, h),
      });
    }
    const problem = judgeAnswer(Buffer.alloc(0), answer.line, answer.extra);
    if (problem) {
      return fail({
        did,
        expected,
        saw: describeAnswerProblem(problem, Buffer.alloc(0), describeEnd(answer.end, answer.evidence)),
        cause: `an empty stream is a payload of 0 bytes, and it gets the same answer as any other: the count 0 and the hash of no bytes, which a hash that was never updated gives: ${advise(h.language, {
          node: 'create the hash and the count when the connection opens, not on the first chunk, and answer in \'end\' whatever arrived',
          python: 'start the count at 0 and create the hash before the read loop, and answer after it whatever arrived',
        })}`,
      });
    }
    return pass(`answered "${expectedAnswer(Buffer.alloc(0)).slice(0, 10)}…" to an empty stream, and still runs`);
  },
});

/** No answer to the empty stream, though a short line was answered. */
export function emptyCause(end: string, spinning: boolean, h: Pick<Harness, 'language'>): string {
  if (spinning) {
    return `your program reads again after an empty read and spins: before any data, b'' does not mean "nothing yet", it means the client's FIN, and every later read returns it at once: ${advise(h.language, {
      node: 'answer in \'end\', whether or not any \'data\' came',
      python: 'leave the read loop as soon as recv() returns b\'\', even when nothing came before it',
    })}`;
  }
  const closed = end === 'fin' || end === 'rst' || end === 'closed';
  return `your server answers a client that sent something, but ${closed ? 'closes the connection of one that sent nothing' : 'not one that sent nothing'}: the empty stream must be answered too: ${advise(h.language, {
    node: 'answer in \'end\' without relying on anything set in \'data\' (the hash and count exist from the start)',
    python: 'after the read loop, answer whatever arrived, even nothing: the loop may end on the very first recv()',
  })}`;
}

/** How long the program's CPU use is watched, and the share of one core that counts as spinning. */
const SPIN_WINDOW_MS = 100;
const SPIN_SHARE = 0.5;

/** Kernel evidence: the program wants most of a core while it owes an answer (running or waiting for a core). */
async function isSpinning(h: Harness, program: Program): Promise<boolean> {
  if (!h.kernel.processesReadable) return false;
  const before = h.kernel.cpu(program);
  const started = performance.now();
  await sleep(SPIN_WINDOW_MS);
  const after = h.kernel.cpu(program);
  const demandMs = after.runMs + after.waitMs - before.runMs - before.waitMs;
  return demandMs > (performance.now() - started) * SPIN_SHARE;
}
