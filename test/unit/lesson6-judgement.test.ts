// Lesson 6's pure judgement: ISO 8601 times against the clock, TIME_WAIT counting from the kernel's
// table, a busy port's stderr line, and the words for a time that is not right.
import { describe, expect, it } from 'vitest';
import type { TcpSocket } from '../../grader/sdk.ts';
import { judgeErrorOutput, namesPort, quoteLines, textLines } from '../../lessons/06-time-wait/checks/error-line.ts';
import { judgeTimeLine, readIsoDateTime } from '../../lessons/06-time-wait/checks/iso-time.ts';
import { pickOwner } from '../../grader/sdk/signal-server.ts';
import { closesSettled, countTimeWait, timeWaitOnPort } from '../../lessons/06-time-wait/checks/time-wait-count.ts';
import { describeTimeProblem } from '../../lessons/06-time-wait/checks/time-words.ts';
import { programThreads, describeDoing } from '../../lessons/06-time-wait/checks/doing.ts';

const NOW = Date.UTC(2025, 2, 1, 12, 0, 0, 0);
const at = (ms: number) => new Date(NOW + ms);

describe('readIsoDateTime', () => {
  it('reads Node\'s toISOString and Python\'s isoformat with an offset as the instant they name', () => {
    expect(readIsoDateTime('2025-03-01T12:00:00.000Z')).toEqual({ starts: [NOW], precisionMs: 1, hasOffset: true });
    expect(readIsoDateTime('2025-03-01T13:30:00.000000+01:30')).toEqual({ starts: [NOW], precisionMs: 0.001, hasOffset: true });
    expect(readIsoDateTime('2025-03-01T07:00:00-05:00')!.starts).toEqual([NOW]);
    expect(readIsoDateTime('2025-03-01T0700-0500')!.starts).toEqual([NOW]);
    expect(readIsoDateTime('2025-03-01T12:00:00,5Z')!.starts).toEqual([NOW + 500]);
  });

  it('reads basic format, ordinal and week dates, and reduced precision', () => {
    expect(readIsoDateTime('20250301T120000Z')!.starts).toEqual([NOW]);
    expect(readIsoDateTime('2025-060T12:00:00Z')!.starts).toEqual([NOW]);
    // 1 March 2025 is the Saturday of ISO week 9.
    expect(readIsoDateTime('2025-W09-6T12:00:00Z')!.starts).toEqual([NOW]);
    expect(readIsoDateTime('2025W096T12Z')).toEqual({ starts: [NOW], precisionMs: 3_600_000, hasOffset: true });
    expect(readIsoDateTime('2025-03-01T12:00Z')).toEqual({ starts: [NOW], precisionMs: 60_000, hasOffset: true });
    expect(readIsoDateTime('2025-03-01T24:00:00Z')!.starts).toEqual([Date.UTC(2025, 2, 2)]);
  });

  it('reads a time without an offset both as local time and as UTC', () => {
    const reading = readIsoDateTime('2025-03-01T12:00:00.123456')!;
    expect(reading.hasOffset).toBe(false);
    expect(reading.starts).toEqual([new Date(2025, 2, 1, 12, 0, 0).getTime() + 123.456, NOW + 123.456]);
  });

  it('refuses what is not a date-time, or names no real time', () => {
    for (const text of ['2025-03-01', '2025-03-01 12:00:00', '12:00:00', 'Sat Mar  1 12:00:00 2025', '1740830400', '2025-02-29T12:00:00Z',
      '2025-13-01T12:00:00Z', '2025-03-01T12:60:00Z', '2025-03-01T24:00:01Z', '2025-03-01T12:00:00+24:00', '2025-366T00:00Z', '2025-W54-1T00Z', 'time: 2025-03-01T12:00:00Z']) {
      expect(readIsoDateTime(text), text).toBeUndefined();
    }
  });
});

describe('judgeTimeLine', () => {
  it('accepts a time within 5 s of now, either way', () => {
    expect(judgeTimeLine(at(-4900).toISOString(), NOW)).toMatchObject({ ok: true });
    expect(judgeTimeLine(at(4900).toISOString(), NOW)).toMatchObject({ ok: true });
    expect(judgeTimeLine(`  ${at(0).toISOString()}\r`, NOW)).toMatchObject({ ok: true, differenceMs: 0 });
  });

  it('refuses a time more than 5 s off, saying how far', () => {
    expect(judgeTimeLine(at(-6000).toISOString(), NOW)).toMatchObject({ ok: false, problem: 'far', differencesMs: [5999] }); // the stated millisecond ends 1 ms after it begins
    expect(judgeTimeLine(at(3_600_000).toISOString(), NOW)).toMatchObject({ ok: false, problem: 'far', differencesMs: [-3_600_000] });
  });

  it('judges a time by the whole stretch its precision names', () => {
    // 12:00 (minutes) lasts until 12:01: at 12:00:50 it is still now.
    expect(judgeTimeLine('2025-03-01T12:00Z', NOW + 50_000)).toMatchObject({ ok: true, differenceMs: 0 });
    expect(judgeTimeLine('2025-03-01T12:00Z', NOW + 66_000)).toMatchObject({ ok: false, problem: 'far' });
    expect(judgeTimeLine('2025-03-01T12:00:00Z', NOW + 5_900)).toMatchObject({ ok: true });
  });

  it('accepts a time without an offset as UTC or as local time', () => {
    const utc = '2025-03-01T12:00:01.000000';
    expect(judgeTimeLine(utc, NOW)).toMatchObject({ ok: true });
    const local = new Date(NOW);
    const pad = (n: number) => String(n).padStart(2, '0');
    const localText = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}`;
    expect(judgeTimeLine(localText, NOW)).toMatchObject({ ok: true });
  });

  it('names the usual wrong answers', () => {
    expect(judgeTimeLine('', NOW)).toEqual({ ok: false, problem: 'empty' });
    expect(judgeTimeLine('2025-03-01 12:00:00.000000', NOW)).toEqual({ ok: false, problem: 'space' });
    expect(judgeTimeLine('2025-03-01', NOW)).toEqual({ ok: false, problem: 'date-only' });
    expect(judgeTimeLine('1740830400.25', NOW)).toEqual({ ok: false, problem: 'unix-seconds' });
    expect(judgeTimeLine('Sat Mar  1 12:00:00 2025', NOW)).toEqual({ ok: false, problem: 'not-iso' });
  });
});

describe('describeTimeProblem', () => {
  it('tells a local time labelled as UTC by a whole-hour difference, in the program\'s language', () => {
    const verdict = judgeTimeLine(at(-2 * 3_600_000).toISOString(), NOW);
    if (verdict.ok) throw new Error('judged right');
    const words = describeTimeProblem(verdict, at(-2 * 3_600_000).toISOString(), 1000, 'python');
    expect(words.saw).toMatch(/7200\.0 s behind the grader's clock/);
    expect(words.cause).toMatch(/off by -?2 h.*datetime\.now\(timezone\.utc\)/);
  });

  it('tells a time computed once at the start by the program\'s age', () => {
    const line = at(-30_000).toISOString();
    const verdict = judgeTimeLine(line, NOW);
    if (verdict.ok) throw new Error('judged right');
    expect(describeTimeProblem(verdict, line, 31_000, 'node').cause).toMatch(/computed once/);
    expect(describeTimeProblem(verdict, line, 2_000, 'node').cause).toMatch(/not the current time.*toISOString/);
  });

  it('gives both readings of a time without an offset', () => {
    const verdict = judgeTimeLine('2020-01-01T00:00:00', NOW);
    if (verdict.ok) throw new Error('judged right');
    expect(describeTimeProblem(verdict, '2020-01-01T00:00:00', 1000, 'node').saw).toMatch(/read as local time it is .* read as UTC/);
  });
});

const sock = (localPort: number, remotePort: number, state: TcpSocket['state']): TcpSocket => ({ localAddress: '127.0.0.1', localPort, remoteAddress: '127.0.0.1', remotePort, state, txQueue: 0, rxQueue: 0, inode: 0 });

describe('TIME_WAIT counting', () => {
  const server = 8080;
  const table = [
    sock(server, 0, 'LISTEN'),
    sock(server, 40001, 'TIME_WAIT'), // the server closed first
    sock(40002, server, 'TIME_WAIT'), // the client closed first
    sock(server, 40003, 'TIME_WAIT'), // a simultaneous close: both sides
    sock(40003, server, 'TIME_WAIT'),
    sock(server, 39999, 'TIME_WAIT'), // an earlier check's connection, not ours
    sock(40004, 9090, 'TIME_WAIT'), // another server altogether
  ];

  it('counts only the connections of the given clients, on each side', () => {
    expect(countTimeWait(table, server, [40001, 40002, 40003, 40004])).toEqual({ onServer: 2, onClients: 2 });
    expect(countTimeWait(table, server, [])).toEqual({ onServer: 0, onClients: 0 });
  });

  it('counts every TIME_WAIT entry on a port for a restart, whoever the peer', () => {
    expect(timeWaitOnPort(table, server)).toBe(3);
    expect(timeWaitOnPort(table, 9090)).toBe(0);
  });

  it('waits for closes still under way, but not for CLOSE_WAIT, which waits on the program', () => {
    expect(closesSettled(table, server, [40001, 40002])).toBe(true);
    expect(closesSettled([...table, sock(server, 40005, 'FIN_WAIT2')], server, [40005])).toBe(false);
    expect(closesSettled([sock(server, 40005, 'LAST_ACK')], server, [40005])).toBe(false);
    expect(closesSettled([sock(server, 40005, 'CLOSE_WAIT')], server, [40005])).toBe(true);
    expect(closesSettled([sock(server, 40006, 'FIN_WAIT2')], server, [40005])).toBe(true);
  });
});

describe('the busy port\'s stderr line', () => {
  it('accepts exactly one line that names the port as a whole number', () => {
    expect(judgeErrorOutput('time server: cannot listen on 127.0.0.1:18080: the port is already in use\n', 18080)).toEqual({ kind: 'ok', line: 'time server: cannot listen on 127.0.0.1:18080: the port is already in use' });
    expect(judgeErrorOutput('\nport 18080 is busy\r\n\n', 18080)).toMatchObject({ kind: 'ok' });
  });

  it('refuses a line that holds the port only inside a longer number', () => {
    expect(namesPort('port 180801 busy', 18080)).toBe(false);
    expect(namesPort('port 118080 busy', 18080)).toBe(false);
    expect(namesPort('127.0.0.1:18080', 18080)).toBe(true);
    expect(judgeErrorOutput('[Errno 98] Address already in use\n', 18080)).toEqual({ kind: 'no-port', line: '[Errno 98] Address already in use' });
  });

  it('tells silence from a traceback', () => {
    expect(judgeErrorOutput('', 18080)).toEqual({ kind: 'silent' });
    expect(judgeErrorOutput('\n \n', 18080)).toEqual({ kind: 'silent' });
    const traceback = 'Traceback (most recent call last):\n  File "server.py", line 40, in <module>\n    server.bind((HOST, PORT))\nOSError: [Errno 98] Address already in use\n';
    expect(judgeErrorOutput(traceback, 18080)).toMatchObject({ kind: 'several', lines: textLines(traceback) });
    expect(textLines(traceback)).toHaveLength(4);
  });

  it('quotes a long trace by its first and last lines', () => {
    const lines = Array.from({ length: 18 }, (_, i) => `line ${i + 1}`);
    expect(quoteLines(lines)).toBe('"line 1" / "line 2" / "… 14 more lines …" / "line 16" / "line 17" / "line 18"');
    expect(quoteLines(['a', 'b'])).toBe('"a" / "b"');
  });
});

describe('which process to signal', () => {
  it('picks the one process that holds the listener', () => {
    const links = new Map([[100, ['pipe:[1]']], [101, ['socket:[555]', 'socket:[556]']]]);
    expect(pickOwner(links, 555)).toBe(101);
    expect(pickOwner(links, 999)).toBeUndefined();
    expect(pickOwner(new Map([[1, ['socket:[5]']], [2, ['socket:[5]']]]), 5)).toBeUndefined();
  });
});

describe('what a program is doing', () => {
  const thread = (pid: number, tid: number, syscall: string) => ({ pid, tid, comm: 'x', state: 'S', syscall }) as Parameters<typeof describeDoing>[0][number];

  it('leaves out a shell waiting for its child, and Node\'s helper threads', () => {
    const threads = [thread(10, 10, 'wait4'), thread(11, 11, 'epoll_wait'), thread(11, 12, 'futex'), thread(11, 13, 'epoll_wait')];
    expect(programThreads(threads).map((t) => t.tid)).toEqual([11, 12, 13]);
    expect(describeDoing(threads)).toBe('its main thread is in its event loop (epoll_wait), waiting for something to happen');
  });

  it('counts a Python server\'s client threads', () => {
    const threads = [thread(20, 20, 'clock_nanosleep'), thread(20, 21, 'recvfrom'), thread(20, 22, 'recvfrom')];
    expect(describeDoing(threads)).toBe('its main thread is asleep in sleep(); 2 other threads are waiting in recv() on a connection');
  });
});
