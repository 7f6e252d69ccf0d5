import { describe, expect, it } from 'vitest';
import { describeReplyProblem, judgeReply, type ReplyProblem } from '../../grader/sdk/reply.ts';
import type { CpuSample } from '../../grader/kernel/proc-processes.ts';
import type { Language } from '../../grader/process/program-spec.ts';
import { describeEcho, ECHO_BOUNDS } from '../../lessons/05-server-loops/checks/echo.ts';
import { causeFor } from '../../lessons/05-server-loops/checks/many-messages.ts';
import { causeFor as largeCause } from '../../lessons/05-server-loops/checks/large-message.ts';
import { judgeIdle, MAX_IDLE_DEMAND, MAX_IDLE_WAKEUPS } from '../../lessons/05-server-loops/checks/no-busy-loop.ts';
import { judgeClose } from '../../lessons/05-server-loops/checks/client-disconnect.ts';

const sent = Buffer.from('hello world\n');
const python = { language: 'python' as Language };
const node = { language: 'node' as Language };
const unknown = { language: 'unknown' as Language };

describe('judgeReply (an echo: the expected reply is the request)', () => {
  it('accepts an exact echo', () => {
    expect(judgeReply(sent, { data: Buffer.from(sent), outcome: 'complete' })).toBeUndefined();
  });

  it('finds the first changed byte', () => {
    expect(judgeReply(sent, { data: Buffer.from('hellO world\n'), outcome: 'complete' })).toEqual({ kind: 'wrong-bytes', offset: 4, expected: 0x6f, got: 0x4f, received: 12, replacementChar: false });
  });

  it('notices U+FFFD where bytes that are not UTF-8 were decoded and encoded again', () => {
    const binary = Buffer.from([0x61, 0xff, 0x62]);
    const mangled = Buffer.from(binary.toString('utf8'));
    expect(judgeReply(binary, { data: mangled, outcome: 'complete' })).toMatchObject({ kind: 'wrong-bytes', offset: 1, expected: 0xff, got: 0xef, replacementChar: true });
  });

  it('reports a short echo with how it ended', () => {
    expect(judgeReply(sent, { data: Buffer.from('hello'), outcome: 'fin' })).toEqual({ kind: 'short', received: 5, outcome: 'fin' });
    expect(judgeReply(sent, { data: Buffer.alloc(0), outcome: 'timeout' })).toEqual({ kind: 'short', received: 0, outcome: 'timeout' });
  });

  it('notices bytes that arrived behind a complete echo', () => {
    expect(judgeReply(sent, { data: Buffer.from(sent), outcome: 'complete' }, Buffer.from('\r'))).toEqual({ kind: 'extra-bytes', extra: Buffer.from('\r') });
  });

  it('tells a dropped stretch from changed bytes', () => {
    const big = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    const dropped = Buffer.concat([big.subarray(0, 50), big.subarray(90)]);
    expect(judgeReply(big, { data: dropped, outcome: 'timeout' })).toEqual({ kind: 'gap', offset: 50, missing: 40 });
    expect(describeEcho({ kind: 'gap', offset: 50, missing: 40 }, 200)).toBe('40 bytes of the message never came back: after byte 49, the echo went on with byte 90, so bytes 50 to 89 are missing');
    expect(largeCause({ kind: 'gap', offset: 50, missing: 40 }, undefined, python)).toMatch(/never wrote these bytes back.*sendall/);
    expect(largeCause({ kind: 'gap', offset: 50, missing: 40 }, undefined, node)).toMatch(/never wrote these bytes back.*socket\.write\(chunk\)/);
  });

  it('words a gap at the very start without a byte -1', () => {
    const big = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    const problem = judgeReply(big, { data: big.subarray(40), outcome: 'timeout' });
    expect(problem).toEqual({ kind: 'gap', offset: 0, missing: 40 });
    const words = describeEcho(problem!, 200);
    expect(words).toBe('the echo began with byte 40 of the message: bytes 0 to 39 (40 bytes) never came back');
    expect(words).not.toMatch(/-1/);
  });

  it('tells bytes that came back out of order from bytes that were lost', () => {
    const big = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    // Chunk 50..89 overtaken by 90..199: every byte is there, in the wrong order.
    const swapped = Buffer.concat([big.subarray(0, 50), big.subarray(90), big.subarray(50, 90)]);
    const problem = judgeReply(big, { data: swapped, outcome: 'complete' });
    expect(problem).toEqual({ kind: 'reordered', offset: 50, length: 40, foundAt: 160 });
    expect(describeEcho(problem!, 200)).toBe('every byte came back, but out of order: at byte 50, the echo went on with byte 90, and bytes 50 to 89 came later, at position 160');
    expect(causeFor(3, problem!, 10, node)).toMatch(/in the order it arrived.*async handler/);
    expect(largeCause(problem!, undefined, python)).toMatch(/in the order it arrived, before you read the next one/);
  });

  it('judges wrong bytes before missing ones', () => {
    expect(judgeReply(sent, { data: Buffer.from('HEL'), outcome: 'rst' })?.kind).toBe('wrong-bytes');
  });
});

describe('describeReplyProblem / describeEcho', () => {
  const wrong = (offset: number, replacementChar = false): ReplyProblem => ({ kind: 'wrong-bytes', offset, expected: 0x6f, got: 0x4f, received: 12, replacementChar });
  it('says what arrived and how the connection ended', () => {
    expect(describeEcho({ kind: 'short', received: 0, outcome: 'timeout' }, 12)).toBe(`nothing came back within ${ECHO_BOUNDS.idleMs / 1000} s`);
    expect(describeEcho({ kind: 'short', received: 0, outcome: 'deadline' }, 12)).toBe(`nothing had come back after ${ECHO_BOUNDS.totalMs / 1000} s`);
    expect(describeEcho({ kind: 'short', received: 0, outcome: 'rst' }, 12)).toBe('nothing, then the connection was reset (RST)');
    expect(describeEcho({ kind: 'short', received: 1024, outcome: 'fin' }, 2097152)).toBe('1024 bytes of the 2097152 bytes (2.00 MiB), then the server closed the connection (FIN)');
    expect(describeEcho(wrong(4), 12)).toBe('byte 4 of the echo was 0x4f where 0x6f was expected; the bytes before it were right');
    expect(describeEcho(wrong(0), 12)).toBe('the first byte of the echo was 0x4f where 0x6f was expected');
    expect(describeEcho(wrong(1, true), 12)).toMatch(/U\+FFFD, the replacement character/);
    expect(describeEcho({ kind: 'extra-bytes', extra: Buffer.from('\r') }, 12)).toMatch(/1 byte that was never expected/);
    expect(describeEcho({ kind: 'extra-bytes', extra: Buffer.from('\r\n') }, 12)).toBe('all 12 bytes came back, followed by 2 bytes that were never expected ("\\r\\n")');
  });

  it('names the reply as the caller asks', () => {
    expect(describeReplyProblem(wrong(0), 12, { idleMs: 1000, totalMs: 5000 }, 'the answer')).toBe('the first byte of the answer was 0x4f where 0x6f was expected');
    expect(describeReplyProblem({ kind: 'short', received: 3, outcome: 'timeout' }, 12, { idleMs: 1000, totalMs: 5000 })).toBe('3 bytes of the 12 bytes, then nothing more for 1 s');
  });
});

describe('many-messages cause', () => {
  const short = (outcome: 'fin' | 'timeout' | 'deadline') => ({ kind: 'short' as const, received: 0, outcome });
  it('tells "no echo at all" from "one answer per connection" and from "slow"', () => {
    expect(causeFor(1, short('timeout'), 3000, node)).toMatch(/does not echo.*socket\.write\(chunk\)/);
    expect(causeFor(1, short('timeout'), 3000, python)).toMatch(/does not echo.*sendall/);
    expect(causeFor(2, short('fin'), 10, node)).toMatch(/closes the connection after answering once/);
    expect(causeFor(4, short('fin'), 10, python)).toMatch(/after answering 3 times.*communication loop/);
    expect(causeFor(2, short('timeout'), 3000, node)).toMatch(/stopped reading/);
    expect(causeFor(6, short('deadline'), 10_000, node)).toMatch(/correctly but slowly: 5 of 20 echoes took 10 s \(about 1667 ms each\)/);
    expect(causeFor(3, { kind: 'wrong-bytes', offset: 1, expected: 1, got: 2, received: 3, replacementChar: false }, 10, node)).toMatch(/very bytes received/);
  });

  it('gives advice in the program\'s language, and in both when it cannot tell', () => {
    const fffd: ReplyProblem = { kind: 'wrong-bytes', offset: 1, expected: 0xff, got: 0xef, received: 3, replacementChar: true };
    expect(causeFor(1, fffd, 10, node)).toMatch(/no toString\(\)/);
    expect(causeFor(1, fffd, 10, python)).toMatch(/no \.decode\(\)/);
    expect(causeFor(1, fffd, 10, unknown)).toMatch(/no toString\(\) \(Python: .*no \.decode\(\)\)/);
  });
});

describe('large-message cause', () => {
  const server = (rxQueue: number) => ({ state: 'ESTABLISHED' as const, rxQueue, txQueue: 0, localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2, inode: 1 });
  it('tells a server that stopped reading from one that stopped echoing', () => {
    const stalled = { kind: 'short' as const, received: 57344, outcome: 'timeout' as const };
    expect(largeCause(stalled, server(4096), node)).toMatch(/stopped reading while bytes were still waiting/);
    expect(largeCause(stalled, server(0), node)).toMatch(/stopped echoing partway through/);
    expect(largeCause({ kind: 'short', received: 10, outcome: 'deadline' }, undefined, node)).toMatch(/slowly/);
    expect(largeCause({ kind: 'short', received: 10, outcome: 'fin' }, undefined, node)).toMatch(/closed the connection before it had echoed the whole message/);
  });
});

describe('judgeIdle', () => {
  const sample = (runMs: number, waitMs: number, runs = 0): CpuSample => ({ runMs, waitMs, runs });
  const zero = sample(0, 0);
  it('passes a sleeping server', () => {
    expect(judgeIdle(zero, sample(2, 0.5, 3), 150).busy).toBe(false);
  });

  it('fails a spinning server, also when it mostly waited for a core', () => {
    expect(judgeIdle(zero, sample(148, 1), 150)).toMatchObject({ busy: true, runMs: 148, demandMs: 149 });
    expect(judgeIdle(zero, sample(30, 115), 150).busy).toBe(true);
  });

  it('passes a sleeping server woken once that waited long for a core on a loaded machine', () => {
    expect(judgeIdle(zero, sample(0, 14, 1), 100)).toMatchObject({ busy: false, demandMs: 14, wakeups: 1 });
    expect(judgeIdle(zero, sample(1, 45, 3), 100).busy).toBe(false);
  });

  it('fails a spinner that got almost no CPU but was runnable through the window', () => {
    expect(judgeIdle(zero, sample(3, 95, 4), 100).busy).toBe(true);
  });

  it('draws the line at the documented fraction', () => {
    expect(judgeIdle(zero, sample(150 * MAX_IDLE_DEMAND, 0), 150).busy).toBe(false);
    expect(judgeIdle(zero, sample(150 * MAX_IDLE_DEMAND + 1, 0), 150).busy).toBe(true);
  });

  it('fails a server that polls with a timer: little CPU, but woken again and again', () => {
    expect(judgeIdle(zero, sample(2, 0, 90), 100)).toEqual({ busy: true, runMs: 2, demandMs: 2, wakeups: 90 });
  });

  it('counts wake-ups per 100 ms, whatever the window lasted', () => {
    expect(judgeIdle(zero, sample(0, 0, MAX_IDLE_WAKEUPS), 100).busy).toBe(false);
    expect(judgeIdle(zero, sample(0, 0, MAX_IDLE_WAKEUPS + 1), 100).busy).toBe(true);
    // A window that ran long (a loaded machine) allows as many per 100 ms, not more in all.
    expect(judgeIdle(zero, sample(0, 0, 2 * MAX_IDLE_WAKEUPS), 200).busy).toBe(false);
    expect(judgeIdle(sample(1, 1, 500), sample(1, 1, 500 + 2 * MAX_IDLE_WAKEUPS + 2), 200).busy).toBe(true);
  });
});

describe('judgeClose', () => {
  it('trusts the kernel over a FIN that libuv reported for a reset', () => {
    expect(judgeClose('fin', 'fin')).toBe('fin');
    expect(judgeClose('fin', 'unknown')).toBe('fin');
    expect(judgeClose('fin', 'rst')).toBe('rst');
    expect(judgeClose('rst', 'unknown')).toBe('rst');
    expect(judgeClose('timeout', 'rst')).toBe('timeout');
  });
});
