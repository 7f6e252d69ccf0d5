import { describe, expect, it } from 'vitest';
import { describeAcceptQueue, describeServerSide } from '../../grader/messages/kernel-state.ts';
import { describeExit, isCrash } from '../../grader/messages/program.ts';
import { candidateRange, ephemeralRange } from '../../grader/net/reserve-port.ts';
import { formatTranscript, type TranscriptEvent } from '../../grader/net/transcript.ts';
import { OutputTail } from '../../grader/process/output-tail.ts';
import { substituteCommand } from '../../grader/process/program-spec.ts';
import { createRng, deriveSeed } from '../../grader/runner/rng.ts';
import type { TcpSocket } from '../../grader/kernel/proc-net-tcp.ts';
import { CheckFailure } from '../../grader/errors.ts';
import { SharedCopy, StartupGate } from '../../grader/runner/program-source.ts';
import type { Program } from '../../grader/runner/start-program.ts';
import { stallsSince, startBound, startStallMonitor, within } from '../../grader/timing.ts';

describe('OutputTail', () => {
  it('keeps the last lines and says how much it dropped', () => {
    const tail = new OutputTail(32);
    for (let i = 0; i < 20; i++) tail.push(Buffer.from(`line ${i}\n`));
    expect(tail.total).toBe(150);
    const lines = tail.lastLines(3);
    expect(lines).toEqual(['… (126 earlier bytes not shown)', 'line 17', 'line 18', 'line 19']);
    expect(tail.text().length).toBeLessThanOrEqual(32);
    expect(new OutputTail(32).lastLines()).toEqual([]);
  });

  it('marks a cut when everything kept fits in the lines asked for', () => {
    const tail = new OutputTail(8);
    tail.push(Buffer.from('aaaaaaaaaaaa\nbb\n'));
    expect(tail.lastLines(5)[0]).toMatch(/earlier bytes not shown/);
  });

  it('shows a short output whole, and a program\'s escape codes as text', () => {
    const tail = new OutputTail();
    tail.push(Buffer.from('listening\n\x1b[32m✓ fake\x1b[0m\rX\n'));
    expect(tail.lastLines()).toEqual(['listening', '\\x1b[32m✓ fake\\x1b[0m\\x0dX']);
  });
});

describe('transcripts', () => {
  const events: TranscriptEvent[] = [
    { t: 0, type: 'connect', detail: 'local port 5000' },
    { t: 1, type: 'sent', bytes: 5, preview: 'hello' },
    { t: 2, type: 'received', bytes: 3, preview: 'hel' },
    { t: 3, type: 'fin-received' },
  ];
  it('prints one line per event, with times, sizes and previews', () => {
    expect(formatTranscript(events)).toEqual(['     0.0 ms  connect local port 5000', '     1.0 ms  sent 5 B "hello"', '     2.0 ms  received 3 B "hel"', '     3.0 ms  fin-received']);
  });
});

describe('messages', () => {
  const sock = (state: TcpSocket['state'], rxQueue = 0): TcpSocket => ({ state, rxQueue, txQueue: 0, localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2, inode: 1 });
  it('explains kernel states in the student\'s terms', () => {
    expect(describeServerSide(sock('CLOSE_WAIT'))).toMatch(/CLOSE_WAIT: the kernel received the client's FIN, but your program never closed/);
    expect(describeServerSide(sock('ESTABLISHED', 12))).toMatch(/12 received bytes your program has not read/);
    expect(describeServerSide(sock('ESTABLISHED'))).toMatch(/has read everything that was sent/);
    expect(describeServerSide(undefined)).toMatch(/no socket/);
    expect(describeAcceptQueue(sock('LISTEN', 2))).toMatch(/2 connections wait in the listener's accept queue/);
    expect(describeAcceptQueue(undefined)).toMatch(/nothing listens/);
  });

  it('tells a crash from a clean exit and from a stop by the grader', () => {
    expect(isCrash({ code: 1, signal: null, stoppedByGrader: false, atMs: 5 })).toBe(true);
    expect(isCrash({ code: null, signal: 'SIGSEGV', stoppedByGrader: false, atMs: 5 })).toBe(true);
    expect(isCrash({ code: 0, signal: null, stoppedByGrader: false, atMs: 5 })).toBe(false);
    expect(isCrash({ code: null, signal: 'SIGTERM', stoppedByGrader: true, atMs: 5 })).toBe(false);
    expect(describeExit({ code: 1, signal: null, stoppedByGrader: false, atMs: 41.6 })).toBe('exited with code 1 42 ms after it started');
    expect(describeExit({ code: null, signal: 'SIGSEGV', stoppedByGrader: false, atMs: 7 })).toBe('was killed by SIGSEGV 7 ms after it started');
    expect(describeExit(undefined)).toBe('is still running');
  });

  it('counts an exit from the event that caused it when one is named', () => {
    // Started at t=1000, exited 250 ms later; the reset was sent at t=1200: 50 ms after the reset.
    const exit = { code: 1, signal: null, stoppedByGrader: false, atMs: 250 };
    expect(describeExit(exit, { what: 'the reset', at: 1200 }, 1000)).toBe('exited with code 1 50 ms after the reset');
    // Clock skew never shows as a negative time.
    expect(describeExit(exit, { what: 'the reset', at: 1300 }, 1000)).toBe('exited with code 1 0 ms after the reset');
    // Without the start time the event cannot be placed: counted from the start.
    expect(describeExit(exit, { what: 'the reset', at: 1200 })).toBe('exited with code 1 250 ms after it started');
  });
});

describe('ports and commands', () => {
  it('chooses ports below the ephemeral range', () => {
    expect(ephemeralRange('32768\t60999\n')).toEqual([32768, 60999]);
    expect(candidateRange([32768, 60999])).toEqual([10000, 32767]);
    expect(candidateRange([1024, 65535])[0]).toBeGreaterThanOrEqual(64000);
  });

  it('fills {host}, {port} and {socket} in --cmd', () => {
    expect(substituteCommand('socat TCP-LISTEN:{port},bind={host},fork EXEC:cat {socket}', { host: '127.0.0.1', port: 20001, socketPath: '/tmp/s' }))
      .toBe('socat TCP-LISTEN:20001,bind=127.0.0.1,fork EXEC:cat /tmp/s');
  });
});

describe('rng', () => {
  it('replays the same input from the same seed, and differs per check', () => {
    expect(createRng(42).bytes(16)).toEqual(createRng(42).bytes(16));
    expect(createRng(42).text(10)).not.toEqual(createRng(43).text(10));
    expect(deriveSeed(1, 'many-messages')).not.toBe(deriveSeed(1, 'large-message'));
  });
});

describe('startup gate', () => {
  const cannotStart = () => new CheckFailure({ did: 'started it', expected: 'it to listen', saw: 'it exited', cause: 'see its output' }, 'startup');

  it('starts the other copies beside the first; one that cannot start either reports the first\'s failure', async () => {
    const gate = new StartupGate();
    let launches = 0;
    let release!: () => void;
    const first = gate.run(async () => {
      launches++;
      await new Promise<void>((r) => (release = r));
      throw cannotStart();
    });
    const own = new CheckFailure({ did: 'started it', expected: 'it to listen', saw: 'this copy exited too', cause: '' }, 'startup');
    const others = [gate.run(async () => void launches++), gate.run(async () => { launches++; throw own; })];
    // Both started without waiting for the first.
    await Promise.resolve();
    expect(launches).toBe(3);
    release();
    const settled = await Promise.allSettled([first, ...others]);
    expect(settled[1]).toMatchObject({ status: 'fulfilled' });
    for (const s of [settled[0], settled[2]]) expect(s).toMatchObject({ status: 'rejected', reason: { phase: 'startup', details: { saw: 'it exited' } } });
  });

  it('lets a copy that cannot start keep its own failure when the first started', async () => {
    const gate = new StartupGate();
    expect(await gate.run(async () => 'a')).toBe('a');
    const own = new CheckFailure({ did: '', expected: '', saw: 'bound elsewhere', cause: '' }, 'startup');
    await expect(gate.run(async () => { throw own; })).rejects.toBe(own);
  });

  it('lets every check launch once the first has started, and after a failure that is not about starting', async () => {
    const started = new StartupGate();
    expect(await started.run(async () => 'a')).toBe('a');
    expect(await started.run(async () => 'b')).toBe('b');
    const checkFailed = new StartupGate();
    await expect(checkFailed.run(async () => { throw new CheckFailure({ did: '', expected: '', saw: '', cause: '' }, 'check'); })).rejects.toThrow();
    expect(await checkFailed.run(async () => 'c')).toBe('c');
  });
});

describe('shared copy', () => {
  const fakeProgram = (exited = false) => ({ exitInfo: () => (exited ? { code: 1, signal: null, stoppedByGrader: false, atMs: 1 } : undefined) }) as unknown as Program;

  it('starts one copy, hands it out in turn (only the first user is "first"), and stops it on discard', async () => {
    const shared = new SharedCopy();
    let starts = 0;
    let stops = 0;
    const program = fakeProgram();
    const start = async () => ((starts++), { program, stop: async () => void stops++ });
    expect(await shared.acquire(start)).toEqual({ program, first: true });
    expect(await shared.acquire(start)).toEqual({ program, first: false });
    expect(starts).toBe(1);
    await shared.discard();
    expect(stops).toBe(1);
    expect((await shared.acquire(start)).first).toBe(true);
    expect(starts).toBe(2);
  });

  it('replaces a copy that has ended by itself', async () => {
    const shared = new SharedCopy();
    const dead = fakeProgram(true);
    const alive = fakeProgram();
    let stops = 0;
    await shared.acquire(async () => ({ program: dead, stop: async () => void stops++ }));
    const next = await shared.acquire(async () => ({ program: alive, stop: async () => undefined }));
    expect(next).toEqual({ program: alive, first: true });
    expect(stops).toBe(1);
  });
});

describe('active time', () => {
  it('does not let a bound expire while the grader itself was blocked', async () => {
    startStallMonitor();
    // Let the monitor tick once, so the block below is measured as a stall.
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    const bound = startBound(100);
    let expiredAt = 0;
    void bound.expired.then(() => (expiredAt = performance.now() - t));
    // The grader's event loop is blocked for 300 ms: 300 ms of wall time, next to no active time.
    while (performance.now() - t < 300);
    await bound.expired;
    expect(expiredAt).toBeGreaterThanOrEqual(300 + 60);
    expect(stallsSince(t).longestMs).toBeGreaterThan(200);
  });

  it('gives back the event when it wins, and undefined when the bound runs out', async () => {
    expect(await within(Promise.resolve('data'), 50)).toBe('data');
    expect(await within(new Promise(() => undefined), 20)).toBeUndefined();
  });
});
