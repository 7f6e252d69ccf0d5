// Lesson 4's judgement without sockets: the answer line, how payloads are cut, and the words of
// each failure, in the program's language.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../grader/runner/rng.ts';
import type { Language } from '../../grader/process/program-spec.ts';
import { answerCause, countsCharacters, describeAnswerProblem, EMPTY_SHA256, expectedAnswer, formatMistake, hashesDecodedText, judgeAnswer, sha256 } from '../../lessons/04-handshakes/checks/answer.ts';
import { earlyCause, silentCause } from '../../lessons/04-handshakes/checks/causes.ts';
import { describeEarly, describeEnd, splitPayload } from '../../lessons/04-handshakes/checks/conversation.ts';
import { endingSeenWith, judgeEnding } from '../../lessons/04-handshakes/checks/closes-after-answer.ts';
import { describePacing, describeServed, MAX_PAYLOAD, payloadSizes, randomPayload } from '../../lessons/04-handshakes/checks/digest.ts';
import { judgePieceLook, type PieceLook } from '../../grader/sdk.ts';
import type { TcpSocket, ThreadActivity } from '../../grader/sdk.ts';
import { EMPTY_ANSWER, emptyCause } from '../../lessons/04-handshakes/checks/empty-stream.ts';
import { MAX_BYTES, MIN_BYTES } from '../../lessons/04-handshakes/checks/waits-for-fin.ts';

const node = { language: 'node' as Language };
const python = { language: 'python' as Language };
const line = (s: string) => Buffer.from(s, 'latin1');
const hello = Buffer.from('hello');
const HELLO_HASH = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

describe('the answer line', () => {
  it('is the byte count and the lowercase SHA-256, as the lesson shows', () => {
    expect(expectedAnswer(hello)).toBe(`5 ${HELLO_HASH}\n`);
    expect(expectedAnswer(Buffer.alloc(0))).toBe(EMPTY_ANSWER);
    expect(sha256('')).toBe(EMPTY_SHA256);
  });

  it('accepts exactly the right line', () => {
    expect(judgeAnswer(hello, line(`5 ${HELLO_HASH}\n`))).toBeUndefined();
  });

  it('says a line is unfinished when no newline came', () => {
    const problem = judgeAnswer(hello, line(`5 ${HELLO_HASH}`));
    expect(problem).toMatchObject({ kind: 'unfinished' });
    expect(describeAnswerProblem(problem!, hello, 'your server closed the connection (FIN)')).toMatch(/then your server closed the connection \(FIN\): no "\\n" ended the line$/);
  });

  it('names the usual mistakes of form', () => {
    expect(formatMistake(`5 ${HELLO_HASH}\r\n`)).toMatch(/\\r\\n/);
    expect(formatMistake(`5 ${HELLO_HASH.toUpperCase()}\n`)).toMatch(/upper-case/);
    expect(formatMistake(`${HELLO_HASH} 5\n`)).toMatch(/hash comes first/);
    expect(formatMistake('5\n')).toMatch(/hash is missing/);
    expect(formatMistake(`${HELLO_HASH}\n`)).toMatch(/count is missing/);
    expect(formatMistake(`5  ${HELLO_HASH}\n`)).toMatch(/extra spaces/);
    expect(formatMistake(`5 ${Buffer.from(HELLO_HASH, 'hex').toString('base64')}\n`)).toMatch(/base64/);
    expect(formatMistake('5 abc\n')).toMatch(/3 characters where 64 hex digits/);
    expect(formatMistake('hello there\n')).toMatch(/not "<byte count> <sha256 hex>"/);
  });

  it('notices bytes behind a right answer', () => {
    const problem = judgeAnswer(hello, line(`5 ${HELLO_HASH}\n`), line('bye\n'));
    expect(problem).toMatchObject({ kind: 'extra' });
    expect(describeAnswerProblem(problem!, hello)).toMatch(/^the right answer, .* followed by 4 bytes more \("bye\\n"\)$/);
  });
});

describe('a payload taken for text', () => {
  const rng = createRng(7);
  const payload = rng.bytes(5000);
  const text = payload.toString('utf8');

  it('recognises a count of characters (JS string length or Python len) but not of bytes', () => {
    expect(countsCharacters(payload, text.length)).toBe(true);
    expect(countsCharacters(payload, [...text].length)).toBe(true);
    expect(countsCharacters(payload, payload.length)).toBe(false);
    expect(countsCharacters(payload, 12)).toBe(false);
  });

  it('recognises the hash of the decoded text', () => {
    expect(hashesDecodedText(payload, sha256(Buffer.from(text)))).toBe(true);
    expect(hashesDecodedText(payload, sha256(payload))).toBe(false);
  });

  it('says so, with the fix in the program\'s language', () => {
    const problem = judgeAnswer(payload, line(`${[...text].length} ${sha256(payload)}\n`))!;
    expect(problem).toMatchObject({ kind: 'values', countWrong: true, hashWrong: false });
    expect(describeAnswerProblem(problem, payload)).toMatch(/the count says \d+ where 5000 bytes were sent, the hash is right; \d+ is about how many characters/);
    expect(answerCause(problem, payload, python)).toMatch(/treats the payload as text.*changes the count; keep the bytes as bytes.*len\(\) of the bytes/);
    const both = judgeAnswer(payload, line(`${text.length} ${sha256(Buffer.from(text))}\n`))!;
    expect(describeAnswerProblem(both, payload)).toMatch(/decoded as UTF-8 text and encoded again/);
    expect(answerCause(both, payload, node)).toMatch(/changes the count and the hash; keep each chunk a Buffer/);
  });

  it('tells a hash never fed from a miscount and from a plain wrong hash', () => {
    const unfed = judgeAnswer(hello, line(`5 ${EMPTY_SHA256}\n`))!;
    expect(describeAnswerProblem(unfed, hello)).toMatch(/hash is that of no bytes at all/);
    expect(answerCause(unfed, hello, node)).toMatch(/never fed the bytes/);
    const miscount = judgeAnswer(hello, line(`10 ${HELLO_HASH}\n`))!;
    expect(answerCause(miscount, hello, node)).toMatch(/hash is right, so every byte arrived.*chunk\.length/);
    const wrong = judgeAnswer(hello, line(`5 ${sha256('hell')}\n`))!;
    expect(answerCause(wrong, hello, python)).toMatch(/exactly once, in the order it arrived/);
  });
});

describe('payloads and pieces', () => {
  it('cuts a payload into the asked number of non-empty pieces, in order', () => {
    const rng = createRng(1);
    for (const size of [1, 2, 3, 10, 5000]) {
      const payload = rng.bytes(size);
      const pieces = splitPayload(payload, 4, rng);
      expect(pieces.length).toBe(Math.min(4, size));
      expect(pieces.every((p) => p.length > 0)).toBe(true);
      expect(Buffer.concat(pieces).equals(payload)).toBe(true);
    }
  });

  it('sends one non-ASCII byte, then a few KiB, a few hundred KiB and 1 MiB', () => {
    const rng = createRng(3);
    const sizes = payloadSizes(rng);
    expect(sizes[0]).toBe(1);
    expect(sizes.at(-1)).toBe(MAX_PAYLOAD);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(randomPayload(rng, 1)[0]).toBeGreaterThanOrEqual(0x80);
    // An answer before the FIN is waits-for-fin's on a payload its own could be, digest's on a larger one.
    expect(sizes[0]).toBeLessThanOrEqual(MAX_BYTES);
    expect(sizes[2]).toBeGreaterThan(MAX_BYTES);
    expect(MIN_BYTES).toBeGreaterThanOrEqual(3);
  });

  it('words the clients already served', () => {
    expect(describeServed([])).toBe('');
    expect(describeServed(['1 byte'])).toBe('served one client (1 byte, answered correctly), then ');
    expect(describeServed(['1 byte', '4000 bytes'])).toBe('served 2 clients one after another (1 byte, 4000 bytes, each answered correctly), then ');
  });
});

describe('too soon, or not at all', () => {
  const payload = createRng(5).bytes(900);

  it('recognises an answer for the first piece alone', () => {
    const early = { pieces: 1, bytes: 300, data: Buffer.from(expectedAnswer(payload.subarray(0, 300))) };
    expect(describeEarly(early, payload, 3)).toMatch(/^after piece 1 of 3 \(300 of the 900 bytes sent\), before the client had half-closed, your server sent ".*", the answer for those 300 bytes alone$/);
    expect(earlyCause(early, python)).toMatch(/only the client's FIN does: call recv\(\) in a loop/);
    expect(earlyCause(early, node)).toMatch(/answer in 'end'/);
  });

  it('words an early close and an early reset', () => {
    expect(describeEarly({ pieces: 2, bytes: 600, data: Buffer.alloc(0), ending: 'fin' }, payload, 3)).toMatch(/your server closed its side \(FIN\) without answering$/);
    expect(earlyCause({ pieces: 2, bytes: 600, data: Buffer.alloc(0), ending: 'rst' }, python)).toMatch(/closed the connection while the client was still sending/);
  });

  it('blames allowHalfOpen for a FIN with no answer in Node, and says so when the output shows the refused write', () => {
    const closed = { line: Buffer.alloc(0), extra: Buffer.alloc(0), end: 'fin' as const };
    expect(silentCause(closed, '', undefined, node)).toMatch(/allowHalfOpen: true/);
    expect(silentCause(closed, 'Error: This socket has been ended by the other party', undefined, node)).toMatch(/Its output shows the refused write/);
    expect(silentCause(closed, '', undefined, python)).toMatch(/sendall\(\) the answer, then close/);
  });

  it('tells a server that stopped reading from one that never answers', () => {
    const silent = { line: Buffer.alloc(0), extra: Buffer.alloc(0), end: 'timeout' as const };
    const socket = { localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2, state: 'CLOSE_WAIT' as const, txQueue: 0, inode: 1 };
    expect(silentCause(silent, '', { ...socket, rxQueue: 40 }, python)).toMatch(/stopped reading before the end/);
    expect(silentCause(silent, '', { ...socket, rxQueue: 0 }, python)).toMatch(/never answered after the client's FIN/);
    expect(describeEnd('timeout')).toBe('nothing for 2 s');
    expect(describeEnd('timeout', 'your program is asleep')).toBe('your program is asleep');
  });

  it('words the empty stream left unanswered', () => {
    expect(emptyCause('timeout', true, python)).toMatch(/spins.*leave the read loop as soon as recv\(\) returns b''/);
    expect(emptyCause('fin', false, node)).toMatch(/closes the connection of one that sent nothing/);
  });
});

describe('how the server ended the connection', () => {
  it('takes the kernel\'s word for a reset that Node reported as an end', () => {
    expect(judgeEnding('fin', 'rst')).toBe('rst');
    expect(judgeEnding('fin', 'fin')).toBe('fin');
    expect(judgeEnding('fin', 'unknown')).toBe('fin');
    expect(judgeEnding('timeout', 'unknown')).toBe('timeout');
  });

  it('uses an end seen while reading the answer', () => {
    expect(endingSeenWith({ end: 'fin' })).toBe('fin');
    expect(endingSeenWith({ end: 'rst' })).toBe('rst');
    expect(endingSeenWith({ end: 'line' })).toBeUndefined();
  });
});

describe('each piece waits for evidence that the one before was read', () => {
  const side: TcpSocket = { localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '127.0.0.1', remotePort: 40000, state: 'ESTABLISHED', txQueue: 0, rxQueue: 0, inode: 7 };
  const thread = (state: string, syscall: ThreadActivity['syscall'], extra: Partial<ThreadActivity> = {}): ThreadActivity => ({ pid: 10, tid: 10, comm: 'node', state, syscall, ...extra });
  const look = (extra: Partial<PieceLook> = {}): PieceLook => ({ side, threads: [thread('S', 'epoll_wait'), thread('S', 'futex', { tid: 11 })], cpuDeltaMs: 0.3, wakeups: 1, ...extra });

  it('goes on once the piece is read and the program sleeps again with next to no CPU', () => {
    expect(judgePieceLook(look())).toBe('taken');
    expect(judgePieceLook(look({ threads: [thread('S', 'recvfrom', { socketInode: 7 })] }))).toBe('taken');
  });

  it('waits while bytes are unread or the program is busy, and stops once it is gone', () => {
    expect(judgePieceLook(look({ side: { ...side, rxQueue: 300 } }))).toBeUndefined();
    expect(judgePieceLook(look({ threads: [thread('R', 'running')] }))).toBeUndefined();
    expect(judgePieceLook(look({ cpuDeltaMs: 2 }))).toBeUndefined();
    expect(judgePieceLook(look({ wakeups: 3 }))).toBeUndefined();
    expect(judgePieceLook(look({ threads: [] }))).toBe('ended');
    expect(judgePieceLook(look({ side: undefined }))).toBe('ended');
  });

  it('says how the pieces were paced, watched or with pauses', () => {
    expect(describePacing(1, 33, true)).toBe('one piece, then waited until the kernel showed that your program had read it and was waiting again (at most 33 ms)');
    expect(describePacing(1, 33, false)).toBe('one piece, paused 33 ms');
    expect(describePacing(4, 33, true)).toBe('4 pieces, after each waiting until the kernel showed that your program had read it and was waiting again (at most 20 to 60 ms)');
    expect(describePacing(4, 33, false)).toBe('4 pieces, pausing 20 to 60 ms after each');
  });
});
