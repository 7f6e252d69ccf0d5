import { describe, expect, it } from 'vitest';
import { describeAcceptQueue, describeExit, describeServerSide, isCrash } from '../../grader/messages.ts';
import { candidateRange, ephemeralRange } from '../../grader/net/reserve-port.ts';
import { formatTranscript, type TranscriptEvent } from '../../grader/net/transcript.ts';
import { OutputTail } from '../../grader/process/output-tail.ts';
import { substituteCommand } from '../../grader/process/program-spec.ts';
import { createRng, deriveSeed } from '../../grader/runner/rng.ts';
import type { TcpSocket } from '../../grader/kernel/proc-net-tcp.ts';

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
    expect(describeExit({ code: 1, signal: null, stoppedByGrader: false, atMs: 41.6 })).toBe('exited with code 1 after 42 ms');
    expect(describeExit(undefined)).toBe('is still running');
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
