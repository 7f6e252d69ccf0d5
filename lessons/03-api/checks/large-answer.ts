// large-answer: REPEAT 8388608 c, read slowly: nothing until the program's writes meet full buffers.
// Every byte of the 8 MiB answer and its newline must arrive (10 s in all, never 2 s without
// progress). It judges the bytes only: the close is closes-after-answer's to judge.
import { activeNow, advise, defineCheck, describeServerSide, fail, formatBytes, pass, previewBytes, sleep, type Harness, type Program, type ReadResult, type TcpSocket, type Verdict, canWatchPieces } from '../../../grader/sdk.ts';
import { judgeEnding } from './closes-after-answer.ts';
import { isGreeting, judgeCrash, stopBeforeTeardown } from './conversation.ts';
import { drawLetter, LARGE_TOTAL_MS, MAX_REPEAT, REPLY_IDLE_MS } from './protocol.ts';
import { describeSlowRead, SLICE_BYTES, SLICE_PAUSE_MS, SLOW_START_MS, waitUntilSendStalled } from './slow-reader.ts';
/** The answer's size: n copies of c and the newline. */
export const ANSWER_BYTES = MAX_REPEAT + 1;

/** Pure: the first byte of `data` (found at `offset` in the answer) that is not what n copies of c and a newline put there. */
export function findWrongByte(data: Buffer, offset: number, c: number, n = MAX_REPEAT): { at: number; got: number } | undefined {
  // Most slices are right: one native comparison, and the byte-by-byte search only for a wrong one.
  const expected = Buffer.alloc(data.length, c).fill(0x0a, Math.min(data.length, Math.max(0, n - offset)));
  if (data.equals(expected)) return undefined;
  for (let i = 0; i < data.length; i++) {
    const at = offset + i;
    if (data[i] !== (at < n ? c : 0x0a)) return { at, got: data[i]! };
  }
  return undefined;
}

export const largeAnswer = defineCheck({
  id: 'large-answer',
  title: `answers REPEAT ${MAX_REPEAT} (8 MiB) completely to a slow reader`,
  hints: [
    'REPEAT 8388608 c asks for 8 MiB (n may be that large), and the client reads slowly: does every byte leave your program, or only what the kernel took at once?',
    'send() returns how many bytes it took, which can be fewer than you gave it (with a timeout, or on a non-blocking socket); nothing is lost, but the rest is yours to send (lesson: "send() and sendall(): nothing is lost").',
    'Python: conn.sendall(answer), not send(). Node: socket.end(answer), which queues every byte and sends the FIN after the last one; never destroy() or process.exit() right after write().',
  ],
  fresh: true,
  async run(h) {
    const program = await h.start();
    return stopBeforeTeardown(await readLargeAnswer(h, program), program);
  },
});

/** Asks for the 8 MiB answer, reads it slowly, and judges every byte. */
async function readLargeAnswer(h: Harness, program: Program): Promise<Verdict> {
  const c = drawLetter(h.rng);
  const request = `REPEAT ${MAX_REPEAT} ${c}`;
  // Where the kernel can be watched, the reader holds back only until the program is held up.
  const watched = canWatchPieces(h);
  const did = `connected, sent ${JSON.stringify(request)} at once (without waiting for WELCOME), then ${describeSlowRead(watched)}`;
  const peer = await h.connect('client');
  peer.pause();
  peer.send(`${request}\n`);
  const started = activeNow();
  const left = () => Math.max(1, LARGE_TOTAL_MS - (activeNow() - started));
  if (watched) await waitUntilSendStalled(h, program, peer);
  else await sleep(SLOW_START_MS);
  peer.resume();
  // A WELCOME line in front is skipped; anything else is the answer's beginning.
  const first = await peer.readLine(REPLY_IDLE_MS, 64, left());
  let got: ReadResult = isGreeting(first.data) ? { data: Buffer.alloc(0), outcome: first.outcome } : first;
  let received = 0;
  for (;;) {
    const wrong = findWrongByte(got.data, received, c.charCodeAt(0));
    if (wrong) {
      const beginning = wrong.at === 0 ? got.data : got.data.subarray(wrong.at - received);
      return fail({ did, expected: `${formatBytes(ANSWER_BYTES)}: ${MAX_REPEAT} times "${c}", then "\\n"`, saw: describeWrongByte(wrong, beginning, c), cause: explainWrongByte(wrong, beginning, h) });
    }
    received += got.data.length;
    if (received >= ANSWER_BYTES) return pass(`all ${formatBytes(ANSWER_BYTES)} arrived, read slowly`);
    if (got.outcome !== 'complete') break;
    if (!watched) {
      peer.pause();
      await sleep(SLICE_PAUSE_MS);
      peer.resume();
    }
    got = await peer.read(Math.min(SLICE_BYTES, ANSWER_BYTES - received), REPLY_IDLE_MS, left());
  }
  const expected = `all ${formatBytes(ANSWER_BYTES)} (${MAX_REPEAT} times "${c}" and "\\n") within ${LARGE_TOTAL_MS / 1000} s, never ${REPLY_IDLE_MS / 1000} s without a new byte`;
  if (got.outcome === 'fin' || got.outcome === 'rst' || got.outcome === 'closed') {
    const crashed = await judgeCrash(program, did, expected);
    if (crashed) return crashed;
  }
  const server = h.kernel.serverSide(peer, program.port);
  // libuv may report an RST that arrives with data as an end of stream: the kernel tells them apart.
  const outcome = got.outcome === 'fin' && judgeEnding('fin', server?.state, h.kernel.available) === 'rst' ? 'rst' : got.outcome;
  return fail({ did, expected, saw: describeShort(received, outcome, outcome === 'timeout' ? server : undefined), cause: explainShort(received, outcome, h) });
}

function describeWrongByte(wrong: { at: number; got: number }, from: Buffer, c: string): string {
  const where = wrong.at === 0 ? 'the answer began' : `the first ${formatBytes(wrong.at)} were right; then came`;
  const what = wrong.at < MAX_REPEAT ? `"${c}"` : '"\\n" (the end of the line)';
  return `${where} "${previewBytes(from, 40)}" where ${what} was expected`;
}

function explainWrongByte(wrong: { at: number }, from: Buffer, h: Pick<Harness, 'language'>): string {
  if (wrong.at === 0 && from.subarray(0, 5).toString('latin1') === 'ERROR') {
    return `your server answered REPEAT ${MAX_REPEAT} with an error: n may be as large as ${MAX_REPEAT} (2^23), so allow it and build the whole answer`;
  }
  if (wrong.at < MAX_REPEAT) return `the answer held other bytes among the copies of the character: repeat exactly the one character after the second space, ${advise(h.language, { node: 'c.repeat(n)', python: 'c * n' })}, and send nothing else inside the answer`;
  return `the answer is longer than n characters: REPEAT n c is exactly n copies of c, then "\\n"`;
}

/** The "saw" part when the answer stopped short: how much, how it ended, and the kernel's view of your side. */
export function describeShort(received: number, outcome: ReadResult['outcome'], server: TcpSocket | undefined): string {
  const got = received === 0 ? 'nothing of the answer' : `${formatBytes(received)} of the ${formatBytes(ANSWER_BYTES)}`;
  const queued = server && server.txQueue > 0 ? `; ${server.txQueue} bytes sit in your side's send queue, unsent or unacknowledged` : '';
  switch (outcome) {
    case 'fin':
      return `${got}, then your program closed the connection (FIN)`;
    case 'rst':
      return `${got}, then the connection was reset (RST)`;
    case 'closed':
      return `${got}, then the connection closed`;
    case 'deadline':
      return `${got} had arrived after ${LARGE_TOTAL_MS / 1000} s, and more was still coming`;
    default: {
      const kernel = server ? describeServerSide(server) : 'the kernel\'s view of the connection cannot be read';
      const silence = received === 0 ? `no byte of the answer arrived within ${REPLY_IDLE_MS / 1000} s` : `${got}, then nothing more for ${REPLY_IDLE_MS / 1000} s`;
      return `${silence}; ${kernel}${queued}`;
    }
  }
}

export function explainShort(received: number, outcome: ReadResult['outcome'], h: Pick<Harness, 'language'>): string {
  if (outcome === 'deadline') return 'the answer came, but slowly: build it in one piece and send it with one call; a write per character, or a string grown one character at a time, is far too slow for 8 MiB';
  const sendAll = advise(h.language, {
    node: 'Answer with socket.end(answer): write() queues every byte, and end() sends the FIN after the last one. socket.destroy() or process.exit() right after write() throws away what Node still holds for a slow reader',
    python: 'send() may take only part of the bytes (with a timeout set, or on a non-blocking socket, it takes what fits in the send buffer) and returns how many; use sendall(), which sends the rest too',
  });
  const none = `if your server answers a small REPEAT (answers tells), allow n up to ${MAX_REPEAT} (2^23), and build and send the whole answer`;
  if (outcome === 'timeout') return received === 0 ? `your server sent nothing back: ${none}` : `your server stopped sending partway and kept the connection open: ${sendAll}`;
  if (outcome === 'rst') {
    return `the connection was reset while part of the answer was still to be sent, and an RST throws away whatever the kernel had not sent yet: ${advise(h.language, {
      node: 'close with socket.end(answer), never socket.resetAndDestroy()',
      python: 'close with conn.close() after sendall(), without SO_LINGER 0',
    })} (closes-after-answer says more about how your server closes)`;
  }
  return received === 0
    ? `your server closed the connection without answering: ${none} before you close`
    : `your server closed the connection before the whole answer was sent: TCP loses nothing, so the rest was never handed to the kernel. ${sendAll}`;
}
