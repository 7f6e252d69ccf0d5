// Lesson 3's judgement without sockets: the requests drawn, the answers judged, and the words said.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../grader/runner/rng.ts';
import type { Language } from '../../grader/process/program-spec.ts';
import { explainFault, judgeAnswer, type AnswerFault, type Observed } from '../../lessons/03-api/checks/answer-faults.ts';
import { judgeEnding } from '../../lessons/03-api/checks/closes-after-answer.ts';
import { isGreeting, isLine } from '../../lessons/03-api/checks/conversation.ts';
import { judgeExit } from '../../lessons/03-api/checks/exits-after-one-client.ts';
import { describeGreeting, explainGreeting, judgeGreeting } from '../../lessons/03-api/checks/greets-first.ts';
import { ANSWER_BYTES, describeShort, findWrongByte, explainShort } from '../../lessons/03-api/checks/large-answer.ts';
import { isRightAnswer, joinOperands, drawAdd, drawRepeat, drawUnknown, computeAnswer, chooseSplit, type Request } from '../../lessons/03-api/checks/protocol.ts';
import { kernelFor } from '../../lessons/03-api/checks/piece-taken.ts';
import { judgePieceLook, type PieceLook } from '../../grader/sdk.ts';
import { describeSlowRead, judgeSendStalled } from '../../lessons/03-api/checks/slow-reader.ts';
import type { Harness, Program, TcpSocket, ThreadActivity } from '../../grader/sdk.ts';

const node = { language: 'node' as Language };
const python = { language: 'python' as Language };
const unknown = { language: 'unknown' as Language };
const LIMIT = 2n ** 53n - 1n;
const add = (a: bigint, b: bigint): Request => ({ kind: 'add', line: `ADD ${a} ${b}`, a, b });
const seen = (line: string | undefined, extra: Partial<Observed> = {}): Observed => ({ ...(line !== undefined ? { line } : {}), earlyBytes: 0, greetingBytes: 0, closedEarly: false, ...extra });

describe('the requests drawn', () => {
  it('ADD: a negative operand, a sum unlike the operands side by side, everything within ±(2^53 − 1)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = drawAdd(createRng(seed));
      expect(r.a < 0n || r.b < 0n).toBe(true);
      expect(joinOperands(r.a, r.b)).not.toBe(String(r.a + r.b));
      for (const v of [r.a, r.b, r.a + r.b]) expect(v >= -LIMIT && v <= LIMIT).toBe(true);
      expect(r.line).toBe(`ADD ${r.a} ${r.b}`);
    }
  });

  it('cuts every line strictly inside, so the newline and part of the text come in the second piece', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rng = createRng(seed);
      for (const r of [drawAdd(rng), drawRepeat(rng), drawUnknown(rng)]) {
        const cut = chooseSplit(r.line, rng);
        expect(cut).toBeGreaterThanOrEqual(1);
        expect(cut).toBeLessThanOrEqual(r.line.length - 1);
      }
    }
  });

  it('knows each exact answer, and takes any one ERROR line for an unknown request', () => {
    expect(computeAnswer(add(-4n, 10n))).toBe('6\n');
    expect(computeAnswer(add(-(2n ** 52n), -(2n ** 52n) + 1n))).toBe(`${-(2n ** 53n) + 1n}\n`);
    expect(computeAnswer({ kind: 'repeat', line: 'REPEAT 3 z', n: 3, c: 'z' })).toBe('zzz\n');
    const other: Request = { kind: 'unknown', line: 'HELLO server' };
    expect(isRightAnswer(other, 'ERROR unknown request\n')).toBe(true);
    expect(isRightAnswer(other, 'ERR\n')).toBe(false);
  });
});

describe('judgeAnswer', () => {
  it('accepts the exact answer', () => {
    expect(judgeAnswer(add(-4n, 10n), seen('6\n', { earlyBytes: 8, greetingBytes: 8 }))).toBeUndefined();
  });

  it('names each fault', () => {
    const cases: [Request, Observed, AnswerFault][] = [
      [add(-4n, 10n), seen('-410\n'), 'joinOperands'],
      [add(-4n, 10n), seen('ERROR operands must be integers\n'), 'rejects-negative'],
      [add(-4n, 10n), seen('7\n'), 'wrong-sum'],
      [add(-4n, 10n), seen('6\r\n'), 'line-ending'],
      [add(-4n, 10n), seen('ERROR unknown request\n', { earlyBytes: 30, greetingBytes: 8 }), 'answered-early'],
      [add(-4n, 10n), seen(undefined, { closedEarly: true }), 'closed-early'],
      [add(-4n, 10n), seen(undefined), 'no-answer'],
      [{ kind: 'repeat', line: 'REPEAT 3 z', n: 3, c: 'z' }, seen('zz\n'), 'wrong-repeat'],
      [{ kind: 'unknown', line: 'MULTIPLY 6 7' }, seen('42\n'), 'not-error'],
    ];
    for (const [request, observed, fault] of cases) expect(judgeAnswer(request, observed), `${request.line} ${observed.line}`).toBe(fault);
  });

  it('does not take a greeting that arrived early for an early answer', () => {
    expect(judgeAnswer(add(-4n, 10n), seen('-410\n', { earlyBytes: 8, greetingBytes: 8 }))).toBe('joinOperands');
  });

  it('words causes in the program\'s language', () => {
    const sum = add(62477n, -9n);
    expect(explainFault('joinOperands', sum, node)).toMatch(/\("62477" \+ "-9" is "62477-9", not 62468\).*BigInt\(a\) \+ BigInt\(b\)/);
    expect(explainFault('joinOperands', sum, python)).toMatch(/int\(a\) \+ int\(b\)/);
    expect(explainFault('rejects-negative', sum, python)).toMatch(/isdigit/);
    expect(explainFault('answered-early', sum, node)).toMatch(/socket\.once\('data'\)/);
    expect(explainFault('closed-early', sum, python)).toMatch(/recv\(\) in a loop/);
    expect(explainFault('answered-early', sum, unknown)).toMatch(/\(Python: call recv\(\) in a loop/);
  });
});

describe('greets-first', () => {
  const read = (text: string, outcome: 'complete' | 'fin' | 'timeout' = 'complete') => ({ data: Buffer.from(text), outcome });
  it('judges the first line a silent client receives', () => {
    expect(judgeGreeting(read('WELCOME\n'))).toBe('ok');
    expect(judgeGreeting(read('', 'timeout'))).toBe('silent');
    expect(judgeGreeting(read('', 'fin'))).toBe('closed');
    expect(judgeGreeting(read('WELCOME', 'timeout'))).toBe('unterminated');
    expect(judgeGreeting(read('WELCOME\r\n'))).toBe('wrong');
    expect(judgeGreeting(read('ERROR unknown request\n', 'fin'))).toBe('wrong');
  });

  it('says what came instead, and why', () => {
    expect(describeGreeting('silent', { ...read('', 'timeout'), evidence: 'your program is asleep in recvfrom()' }, 'x')).toBe('nothing arrived: your program is asleep in recvfrom()');
    expect(describeGreeting('wrong', read('ERROR x\n', 'fin'), 'x')).toBe('the first 8 bytes were "ERROR x\\n", then your program closed the connection (FIN)');
    expect(explainGreeting('silent', python)).toMatch(/sendall\(b"WELCOME\\n"\) right after accept\(\), before the first recv\(\)/);
    expect(explainGreeting('silent', node)).toMatch(/socket\.write\('WELCOME\\n'\)/);
  });

  it('skips a WELCOME line in the other checks, however it ends', () => {
    expect(isGreeting(Buffer.from('WELCOME\n'))).toBe(true);
    expect(isGreeting(Buffer.from('WELCOME\r\n'))).toBe(true);
    expect(isGreeting(Buffer.from('6\n'))).toBe(false);
    expect(isLine({ data: Buffer.from('WELCOME'), outcome: 'timeout' })).toBe(false);
  });
});

describe('large-answer', () => {
  const c = 'q'.charCodeAt(0);
  it('finds the first wrong byte, wherever the slice lies in the answer', () => {
    expect(findWrongByte(Buffer.from('qqqq'), 0, c)).toBeUndefined();
    expect(findWrongByte(Buffer.from('qqXq'), 100, c)).toEqual({ at: 102, got: 'X'.charCodeAt(0) });
    expect(findWrongByte(Buffer.from('qq\n'), 0, c, 2)).toBeUndefined();
    expect(findWrongByte(Buffer.from('qqq'), 0, c, 2)).toEqual({ at: 2, got: c });
    expect(findWrongByte(Buffer.from('ERROR'), 0, c)?.at).toBe(0);
  });

  it('says how much of the answer came, and blames send() for a short one', () => {
    expect(ANSWER_BYTES).toBe(8388609);
    expect(describeShort(3932160, 'fin', undefined)).toBe('3932160 bytes (3.75 MiB) of the 8388609 bytes (8.00 MiB), then your program closed the connection (FIN)');
    expect(explainShort(3932160, 'fin', python)).toMatch(/use sendall\(\)/);
    expect(explainShort(3932160, 'fin', node)).toMatch(/socket\.end\(answer\)/);
    expect(explainShort(0, 'timeout', node)).toMatch(/sent nothing back: if your server answers a small REPEAT \(answers tells\), allow n up to 8388608/);
    expect(describeShort(0, 'timeout', undefined)).toMatch(/^no byte of the answer arrived within 2 s; /);
    const side = { localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2, state: 'ESTABLISHED' as const, txQueue: 4096, rxQueue: 0, inode: 7 };
    expect(describeShort(1024, 'timeout', side)).toMatch(/nothing more for 2 s; .*ESTABLISHED.*; 4096 bytes sit in your side's send queue/);
  });
});

describe('closes-after-answer and exits-after-one-client', () => {
  it('confirms a FIN with the kernel where it can', () => {
    expect(judgeEnding('fin', 'FIN_WAIT2', true)).toBe('fin');
    expect(judgeEnding('fin', undefined, true)).toBe('rst');
    expect(judgeEnding('fin', undefined, false)).toBe('fin');
    expect(judgeEnding('rst', 'FIN_WAIT2', true)).toBe('rst');
    expect(judgeEnding('timeout', 'ESTABLISHED', true)).toBe('none');
  });

  it('wants exit status 0', () => {
    expect(judgeExit(undefined)).toBe('running');
    expect(judgeExit({ code: 0, signal: null, stoppedByGrader: false, atMs: 5 })).toBe('ok');
    expect(judgeExit({ code: 1, signal: null, stoppedByGrader: false, atMs: 5 })).toBe('bad-status');
    expect(judgeExit({ code: null, signal: 'SIGSEGV', stoppedByGrader: false, atMs: 5 })).toBe('bad-status');
  });
});

const socket = (extra: Partial<TcpSocket> = {}): TcpSocket => ({ localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '127.0.0.1', remotePort: 40000, state: 'ESTABLISHED', txQueue: 0, rxQueue: 0, inode: 7, ...extra });
const thread = (state: string, syscall: ThreadActivity['syscall'], extra: Partial<ThreadActivity> = {}): ThreadActivity => ({ pid: 10, tid: 10, comm: 'node', state, syscall, ...extra });
const asleep = [thread('S', 'epoll_wait'), thread('S', 'futex', { tid: 11 })];

describe('the second piece waits for evidence that the first was read', () => {
  const look = (extra: Partial<PieceLook> = {}): PieceLook => ({ side: socket(), threads: asleep, cpuDeltaMs: 0.4, wakeups: 1, ...extra });

  it('goes on once the piece is read and every thread sleeps again, with next to no CPU', () => {
    expect(judgePieceLook(look())).toBe('taken');
    // Python blocked in recv() on this very connection: it has read everything there was.
    expect(judgePieceLook(look({ threads: [thread('S', 'recvfrom', { comm: 'python3', socketInode: 7 })] }))).toBe('taken');
  });

  it('waits while the piece is unread, the program runs or has just used CPU, or keeps waking up', () => {
    expect(judgePieceLook(look({ side: socket({ rxQueue: 7 }) }))).toBeUndefined();
    expect(judgePieceLook(look({ threads: [thread('R', 'running'), thread('S', 'futex', { tid: 11 })] }))).toBeUndefined();
    expect(judgePieceLook(look({ cpuDeltaMs: 3 }))).toBeUndefined();
    expect(judgePieceLook(look({ wakeups: 4 }))).toBeUndefined();
    expect(judgePieceLook(look({ threads: [thread('S', 'unknown')] }))).toBeUndefined();
  });

  it('stops waiting once the program is gone or its side of the connection was reset', () => {
    expect(judgePieceLook(look({ threads: [] }))).toBe('ended');
    expect(judgePieceLook(look({ side: undefined }))).toBe('ended');
  });

  it('gives each of several programs its own port as the kernel view\'s default', () => {
    const asked: number[] = [];
    const kernel = { serverSide: (_p: unknown, port = 1111) => void asked.push(port), heldInState: (_p: unknown, _s: unknown, port = 1111) => (asked.push(port), 0), get available() { return true; } };
    const view = kernelFor({ kernel } as unknown as Pick<Harness, 'kernel'>, { port: 2222 } as Program);
    view.serverSide({ localPort: 5 });
    view.heldInState({ pid: 1 }, 'CLOSE_WAIT');
    view.serverSide({ localPort: 5 }, 3333);
    expect(asked).toEqual([2222, 2222, 3333]);
    expect(view.available).toBe(true);
  });
});

describe('large-answer reads nothing until the program is held up by full buffers', () => {
  it('waits for bytes in the send queue, the same at two looks, with the program asleep', () => {
    const queued = socket({ txQueue: 3801088 });
    expect(judgeSendStalled(queued, queued, [thread('S', 'epoll_wait')])).toBe(true);
    expect(judgeSendStalled(queued, queued, [thread('S', 'sendto', { comm: 'python3' })])).toBe(true);
    expect(judgeSendStalled(undefined, queued, [thread('S', 'epoll_wait')])).toBe(false);
    expect(judgeSendStalled(socket({ txQueue: 3604480 }), queued, [thread('S', 'epoll_wait')])).toBe(false);
    expect(judgeSendStalled(queued, queued, [thread('R', 'running')])).toBe(false);
    // Nothing sent yet (the answer being built), or only something short: not held up.
    expect(judgeSendStalled(socket(), socket(), [thread('S', 'epoll_wait')])).toBe(false);
  });

  it('stops holding back once the program is gone or the connection was reset', () => {
    expect(judgeSendStalled(undefined, socket({ state: 'FIN_WAIT1', txQueue: 3801089 }), [])).toBe(true);
    expect(judgeSendStalled(socket({ txQueue: 10 }), undefined, [thread('S', 'accept')])).toBe(true);
  });

  it('says how it read, with the kernel watched or with fixed pauses', () => {
    expect(describeSlowRead(true)).toMatch(/^read nothing until the kernel showed bytes waiting in your side's send queue, no longer changing, and your program asleep or gone \(at most 500 ms\), then read on/);
    expect(describeSlowRead(false)).toBe('read slowly: nothing for 500 ms, then 256 KiB at a time with a 20 ms pause after each');
  });
});
