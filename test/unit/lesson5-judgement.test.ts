import { describe, expect, it } from 'vitest';
import { describeEchoProblem, judgeEcho } from '../../lessons/05-server-loops/checks/echo.ts';
import { causeFor } from '../../lessons/05-server-loops/checks/many-messages.ts';
import { causeFor as largeCause } from '../../lessons/05-server-loops/checks/large-message.ts';
import { judgeIdle, MAX_IDLE_DEMAND } from '../../lessons/05-server-loops/checks/no-busy-loop.ts';
import { judgeClose } from '../../lessons/05-server-loops/checks/client-disconnect.ts';

const sent = Buffer.from('hello world\n');

describe('judgeEcho', () => {
  it('accepts an exact echo', () => {
    expect(judgeEcho(sent, { data: Buffer.from(sent), outcome: 'complete' })).toBeUndefined();
  });

  it('finds the first changed byte', () => {
    expect(judgeEcho(sent, { data: Buffer.from('hellO world\n'), outcome: 'complete' })).toEqual({ kind: 'wrong-bytes', offset: 4, expected: 0x6f, got: 0x4f, received: 12 });
  });

  it('reports a short echo with how it ended', () => {
    expect(judgeEcho(sent, { data: Buffer.from('hello'), outcome: 'fin' })).toEqual({ kind: 'short', received: 5, outcome: 'fin' });
    expect(judgeEcho(sent, { data: Buffer.alloc(0), outcome: 'timeout' })).toEqual({ kind: 'short', received: 0, outcome: 'timeout' });
  });

  it('notices bytes that arrived behind a complete echo', () => {
    expect(judgeEcho(sent, { data: Buffer.from(sent), outcome: 'complete' }, Buffer.from('\r'))).toEqual({ kind: 'extra-bytes', extra: Buffer.from('\r') });
  });

  it('tells a dropped stretch from changed bytes', () => {
    const big = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    const dropped = Buffer.concat([big.subarray(0, 50), big.subarray(90)]);
    expect(judgeEcho(big, { data: dropped, outcome: 'timeout' })).toEqual({ kind: 'gap', offset: 50, missing: 40 });
    expect(describeEchoProblem({ kind: 'gap', offset: 50, missing: 40 }, 200)).toBe('40 bytes of the message never came back: after byte 49 the echo went on with byte 90, so bytes 50 to 89 are missing');
    expect(largeCause({ kind: 'gap', offset: 50, missing: 40 }, undefined)).toMatch(/lost on the way back.*sendall/);
  });

  it('judges wrong bytes before missing ones', () => {
    expect(judgeEcho(sent, { data: Buffer.from('HEL'), outcome: 'rst' })?.kind).toBe('wrong-bytes');
  });
});

describe('describeEchoProblem', () => {
  it('says what arrived and how the connection ended', () => {
    expect(describeEchoProblem({ kind: 'short', received: 0, outcome: 'timeout' }, 12)).toBe('nothing came back within 3 s');
    expect(describeEchoProblem({ kind: 'short', received: 0, outcome: 'rst' }, 12)).toBe('nothing, then the connection was reset (RST)');
    expect(describeEchoProblem({ kind: 'short', received: 1024, outcome: 'fin' }, 2097152)).toBe('1024 bytes of the 2097152 bytes (2.00 MiB), then the server closed the connection (FIN)');
    expect(describeEchoProblem({ kind: 'wrong-bytes', offset: 4, expected: 0x6f, got: 0x4f, received: 12 }, 12)).toMatch(/byte 4 .* 0x4f where 0x6f was sent/);
    expect(describeEchoProblem({ kind: 'wrong-bytes', offset: 0, expected: 0x6f, got: 0x4f, received: 12 }, 12)).toBe('the first byte of the echo was 0x4f where 0x6f was sent');
    expect(describeEchoProblem({ kind: 'extra-bytes', extra: Buffer.from('\r') }, 12)).toMatch(/1 byte that was never sent/);
    expect(describeEchoProblem({ kind: 'extra-bytes', extra: Buffer.from('\r\n') }, 12)).toBe('all 12 bytes came back, followed by 2 bytes that were never sent ("\\r\\n")');
  });
});

describe('many-messages cause', () => {
  const short = (outcome: 'fin' | 'timeout' | 'deadline') => ({ kind: 'short' as const, received: 0, outcome });
  it('tells "no echo at all" from "one answer per connection" and from "slow"', () => {
    expect(causeFor(1, short('timeout'), 3000)).toMatch(/does not echo/);
    expect(causeFor(2, short('fin'), 10)).toMatch(/closes the connection after one answer/);
    expect(causeFor(2, short('timeout'), 3000)).toMatch(/stopped reading/);
    expect(causeFor(6, short('deadline'), 10_000)).toMatch(/correctly but slowly: 5 of 20 echoes took 10 s \(about 1667 ms each\)/);
    expect(causeFor(3, { kind: 'wrong-bytes', offset: 1, expected: 1, got: 2, received: 3 }, 10)).toMatch(/very bytes received/);
  });
});

describe('large-message cause', () => {
  const server = (rxQueue: number) => ({ state: 'ESTABLISHED' as const, rxQueue, txQueue: 0, localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2, inode: 1 });
  it('tells a server that stopped reading from one that lost bytes', () => {
    const stalled = { kind: 'short' as const, received: 57344, outcome: 'timeout' as const };
    expect(largeCause(stalled, server(4096))).toMatch(/stopped reading while bytes were still waiting/);
    expect(largeCause(stalled, server(0))).toMatch(/lost on the way back.*sendall/);
    expect(largeCause({ kind: 'short', received: 10, outcome: 'deadline' }, undefined)).toMatch(/slowly/);
  });
});

describe('judgeIdle', () => {
  const zero = { runMs: 0, waitMs: 0 };
  it('passes a sleeping server', () => {
    expect(judgeIdle(zero, { runMs: 2, waitMs: 0.5 }, 150).busy).toBe(false);
  });

  it('fails a spinning server, also when it mostly waited for a core', () => {
    expect(judgeIdle(zero, { runMs: 148, waitMs: 1 }, 150)).toEqual({ busy: true, runMs: 148, demandMs: 149 });
    expect(judgeIdle(zero, { runMs: 30, waitMs: 115 }, 150).busy).toBe(true);
  });

  it('draws the line at the documented fraction', () => {
    expect(judgeIdle(zero, { runMs: 150 * MAX_IDLE_DEMAND, waitMs: 0 }, 150).busy).toBe(false);
    expect(judgeIdle(zero, { runMs: 150 * MAX_IDLE_DEMAND + 1, waitMs: 0 }, 150).busy).toBe(true);
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
