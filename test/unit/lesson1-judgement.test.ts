// Lesson 1's judgement without sockets: the token and its split, reply lines and the verdict the
// server sends, the verdict on stdout, how a client closed, and how it reported a refusal.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../grader/runner/rng.ts';
import type { Language } from '../../grader/process/program-spec.ts';
import type { TcpSocket } from '../../grader/kernel/proc-net-tcp.ts';
import { parseRange } from '../../lessons/01-sockets/checks/client-kernel.ts';
import { describeClientSide, describeDoing, readingConnection } from '../../lessons/01-sockets/checks/client-words.ts';
import { judgeClose, resetAfterFin, sentAfterFin } from '../../lessons/01-sockets/checks/judge-close.ts';
import { describeLines, errorLine, judgeRefusal, REFUSAL, stackTraceOf } from '../../lessons/01-sockets/checks/judge-refusal.ts';
import { portCause } from '../../lessons/01-sockets/checks/knows-own-port.ts';
import { judgePort, judgeToken, makeToken, quote, splitReply, TOKEN_LENGTH, verdictFor } from '../../lessons/01-sockets/checks/protocol.ts';
import { describeGreeting } from '../../lessons/01-sockets/checks/replies-token.ts';
import { judgePrinted } from '../../lessons/01-sockets/checks/stdout-line.ts';

const TOKEN = 'abcdEFGH12345678';
const facts = { peerPort: 45678, serverPort: 20001, range: [32768, 60999] as [number, number] };

describe('the token and the greeting', () => {
  it('makes 16 letters and digits, split well inside, the same for the same seed', () => {
    const a = makeToken(createRng(7));
    expect(a.token).toMatch(new RegExp(`^[A-Za-z0-9]{${TOKEN_LENGTH}}$`));
    expect(a.split).toBeGreaterThanOrEqual(4);
    expect(a.split).toBeLessThanOrEqual(TOKEN_LENGTH - 4);
    expect(makeToken(createRng(7))).toEqual(a);
  });

  it('names both segments, and what the server waited for between them', () => {
    expect(describeGreeting({ token: TOKEN, split: 6, firstPart: 'read' })).toBe(
      'accepted your client\'s connection and sent the greeting in two segments: "HELLO abcdEF", then, once your client had read it, "GH12345678\\n"',
    );
    expect(describeGreeting({ token: TOKEN, split: 6, firstPart: 'unknown' })).toContain('200 ms later');
  });
});

describe('the reply line', () => {
  it('splits at the first space', () => {
    expect(splitReply(`${TOKEN} 45678`)).toEqual({ first: TOKEN, rest: '45678' });
    expect(splitReply(TOKEN)).toEqual({ first: TOKEN, rest: undefined });
  });

  it('accepts the whole token, whatever follows it', () => {
    expect(judgeToken(`${TOKEN} 45678`, TOKEN, 6)).toBeUndefined();
    expect(judgeToken(`${TOKEN} 8080`, TOKEN, 6)).toBeUndefined();
  });

  it('tells the first segment alone (one read) from other wrong tokens', () => {
    expect(judgeToken('abcdEF 45678', TOKEN, 6)).toEqual({ kind: 'first-part', got: 'abcdEF' });
    expect(judgeToken(`HELLO ${TOKEN} 45678`, TOKEN, 6)).toEqual({ kind: 'greeting-echoed', got: 'HELLO' });
    expect(judgeToken(`${TOKEN}\r`, TOKEN, 6)).toEqual({ kind: 'crlf' });
    expect(judgeToken('', TOKEN, 6)).toEqual({ kind: 'empty' });
    expect(judgeToken('abcd 45678', TOKEN, 6)).toEqual({ kind: 'other', got: 'abcd' });
  });

  it('judges the port alone: this connection\'s, from the ephemeral range', () => {
    expect(judgePort(`${TOKEN} 45678`, facts)).toBeUndefined();
    expect(judgePort('wrong-token 45678', facts)).toBeUndefined();
    expect(judgePort(TOKEN, facts)).toEqual({ kind: 'missing' });
    expect(judgePort(`${TOKEN} `, facts)).toEqual({ kind: 'missing' });
    expect(judgePort(`${TOKEN} 45678\r`, facts)).toEqual({ kind: 'crlf' });
    expect(judgePort(`${TOKEN} undefined`, facts)).toEqual({ kind: 'no-value', got: 'undefined' });
    expect(judgePort(`${TOKEN} None`, facts)).toEqual({ kind: 'no-value', got: 'None' });
    expect(judgePort(`${TOKEN} 45678 extra`, facts)).toEqual({ kind: 'not-a-number', got: '45678 extra' });
    expect(judgePort(`${TOKEN} 20001`, facts)).toEqual({ kind: 'server-port', got: 20001 });
    expect(judgePort(`${TOKEN} 8080`, facts)).toEqual({ kind: 'wrong-port', got: 8080 });
  });

  it('fails a port the client bound itself: right number, outside the range; without a range, only the number counts', () => {
    const bound = { ...facts, peerPort: 9797 };
    expect(judgePort(`${TOKEN} 9797`, bound)).toEqual({ kind: 'not-ephemeral', got: 9797, range: [32768, 60999] });
    expect(judgePort(`${TOKEN} 9797`, { peerPort: 9797, serverPort: 20001 })).toBeUndefined();
  });

  it('sends a verdict that agrees with the checks: the token first, then the port', () => {
    expect(verdictFor(`${TOKEN} 45678`, TOKEN, 6, facts)).toBe('OK');
    expect(verdictFor('abcdEF 45678', TOKEN, 6, facts)).toBe(`WRONG token: expected ${TOKEN}, got "abcdEF"`);
    expect(verdictFor('abcdEF 1', TOKEN, 6, facts)).toMatch(/^WRONG token:/);
    expect(verdictFor(`${TOKEN} 20001`, TOKEN, 6, facts)).toBe('WRONG port: 20001 is the server\'s port, not yours');
    expect(verdictFor(`${TOKEN} 8080`, TOKEN, 6, facts)).toBe('WRONG port: your connection comes from port 45678, not 8080');
    expect(verdictFor(`${TOKEN} undefined`, TOKEN, 6, facts)).toBe('WRONG port: "undefined" is not a port number');
    expect(verdictFor(`${TOKEN} 9797`, TOKEN, 6, { ...facts, peerPort: 9797 })).toBe('WRONG port: 9797 is outside the ephemeral range 32768-60999; let connect() choose');
    expect(verdictFor(`${TOKEN} 45678\r`, TOKEN, 6, facts)).not.toMatch(/\r/);
  });

  it('quotes received text with control characters visible, cut short', () => {
    expect(quote('a\rb\x01')).toBe('"a\\rb\\x01"');
    expect(quote('x'.repeat(50), 10)).toBe(`"${'x'.repeat(10)}…"`);
  });

  it('words the port\'s cause in the program\'s language', () => {
    const node = { language: 'node' as Language };
    const python = { language: 'python' as Language };
    expect(portCause(node, { kind: 'no-value', got: 'undefined' })).toMatch(/localPort is undefined until the socket is connected/);
    expect(portCause(node, { kind: 'server-port', got: 20001 })).toMatch(/socket\.localPort, not socket\.remotePort/);
    expect(portCause(python, { kind: 'server-port', got: 20001 })).toMatch(/getsockname\(\)\[1\], not getpeername/);
    expect(portCause(python, { kind: 'not-ephemeral', got: 9797, range: [32768, 60999] })).toMatch(/Remove the bind\(\)/);
    expect(portCause({ language: 'unknown' as Language }, { kind: 'missing' })).toMatch(/socket\.localPort.*\(Python: client\.getsockname/);
  });
});

describe('the verdict on stdout', () => {
  it('wants it as a line of its own, among other lines', () => {
    expect(judgePrinted('connected\nOK\n', 'OK')).toBe('line');
    expect(judgePrinted('OK\r\n', 'OK')).toBe('line');
    expect(judgePrinted('OK', 'OK')).toBe('line');
    expect(judgePrinted("b'OK'\n", 'OK')).toBe('inside');
    expect(judgePrinted('verdict: WRONG port: x\n', 'WRONG port: x')).toBe('inside');
    expect(judgePrinted('', 'OK')).toBe('absent');
  });
});

describe('how the client closed', () => {
  const ok = { ending: 'fin' as const, kernel: 'fin' as const, rstAfterFin: false, exit: { code: 0, signal: null } };

  it('passes a FIN, TIME_WAIT on an end, and exit 0 (also where the kernel cannot tell)', () => {
    expect(judgeClose(ok)).toBeUndefined();
    expect(judgeClose({ ...ok, kernel: 'unknown' })).toBeUndefined();
  });

  it('fails a reset at any point, before the FIN or after it', () => {
    expect(judgeClose({ ...ok, ending: 'rst', kernel: 'unknown' })).toBe('rst');
    expect(judgeClose({ ...ok, rstAfterFin: true })).toBe('rst-after-fin');
    // Node saw an end of stream, but no end of the connection kept a TIME_WAIT: a reset.
    expect(judgeClose({ ...ok, kernel: 'rst' })).toBe('rst-after-fin');
  });

  it('tells no FIN, a program still running, and a bad exit apart, in the order they happen', () => {
    expect(judgeClose({ ...ok, ending: undefined, exit: undefined })).toBe('no-fin');
    expect(judgeClose({ ...ok, ending: 'timeout' })).toBe('no-fin');
    expect(judgeClose({ ...ok, exit: undefined })).toBe('still-running');
    expect(judgeClose({ ...ok, exit: { code: 1, signal: null } })).toBe('exit-status');
    expect(judgeClose({ ...ok, exit: { code: null, signal: 'SIGSEGV' } })).toBe('exit-status');
  });

  it('reads the order of events in the server\'s transcript', () => {
    const events = (...types: string[]) => types.map((type) => ({ type }));
    expect(resetAfterFin(events('sent', 'fin-received', 'rst-received'))).toBe(true);
    expect(resetAfterFin(events('rst-received', 'fin-received'))).toBe(false);
    expect(sentAfterFin(events('sent', 'received', 'fin-received', 'sent'))).toBe(true);
    expect(sentAfterFin(events('sent', 'received', 'sent', 'fin-received'))).toBe(false);
  });
});

describe('the client\'s end in the kernel', () => {
  const socket = (over: Partial<TcpSocket>): TcpSocket => ({ localAddress: '127.0.0.1', localPort: 45678, remoteAddress: '127.0.0.1', remotePort: 20001, state: 'ESTABLISHED', txQueue: 0, rxQueue: 0, inode: 77, ...over });
  const thread = (syscall: string, socketInode?: number) => ({ pid: 1, tid: 1, comm: 'python3', state: 'S', syscall, ...(socketInode ? { socketInode } : {}) }) as never;

  it('parses the ephemeral range', () => {
    expect(parseRange('32768\t60999\n')).toEqual([32768, 60999]);
    expect(parseRange('60999 32768')).toBeUndefined();
    expect(parseRange('')).toBeUndefined();
  });

  it('says what the client\'s end holds', () => {
    expect(describeClientSide(socket({ rxQueue: 3 }), true, 45678)).toBe('your end of the connection (port 45678) is ESTABLISHED, with 3 bytes the server sent that your program has not read');
    expect(describeClientSide(socket({}), true, 45678)).toMatch(/has read everything the server sent$/);
    expect(describeClientSide(undefined, true, 45678)).toBe('the kernel holds no socket for your end (port 45678) any more');
    expect(describeClientSide(socket({}), false, 45678)).toBe('');
  });

  it('tells a recv() on this very connection from an event loop', () => {
    expect(readingConnection([thread('recvfrom', 77)], socket({}))).toBe(true);
    expect(readingConnection([thread('recvfrom', 78)], socket({}))).toBe(false);
    expect(readingConnection([thread('epoll_wait')], socket({}))).toBe(false);
    expect(describeDoing([thread('recvfrom', 77)], socket({}))).toBe('its main thread is waiting in recv() on this connection');
    expect(describeDoing([thread('clock_nanosleep')])).toBe('its main thread is asleep in sleep()');
    expect(describeDoing([])).toBeUndefined();
  });
});

describe('a refused connection', () => {
  it('wants exit status 1 and exactly one line on stderr', () => {
    expect(judgeRefusal({ code: 1, signal: null }, '127.0.0.1:9: Connection refused\n')).toEqual({ kind: 'ok', line: '127.0.0.1:9: Connection refused' });
    expect(judgeRefusal({ code: 1, signal: null }, '\nrefused\n\n')).toEqual({ kind: 'ok', line: 'refused' });
  });

  it('tells a hang from a stack trace from exit 0', () => {
    expect(judgeRefusal(undefined, '')).toEqual({ kind: 'hang', lines: [] });
    expect(judgeRefusal({ code: 0, signal: null }, 'refused\n')).toEqual({ kind: 'exit-0', lines: ['refused'] });
    const python = 'Traceback (most recent call last):\n  File "c.py", line 9, in <module>\n    client.connect((HOST, PORT))\nConnectionRefusedError: [Errno 111] Connection refused\n';
    expect(judgeRefusal({ code: 1, signal: null }, python)).toMatchObject({ kind: 'traceback', of: 'python' });
    const node = "node:events:502\n      throw er; // Unhandled 'error' event\n      ^\n\nError: connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)\n";
    expect(judgeRefusal({ code: 1, signal: null }, node)).toMatchObject({ kind: 'traceback', of: 'node' });
    expect(describeLines(python.split('\n'))).toBe('a Python traceback of 5 lines on stderr, naming "ConnectionRefusedError: [Errno 111] Connection refused"');
  });

  it('tells a crash that is not the refusal (a typo) from a stack trace of the refusal', () => {
    const typo = '  File "c.py", line 2\n    print("hi"\n         ^\nSyntaxError: \'(\' was never closed\n';
    expect(judgeRefusal({ code: 1, signal: null }, typo)).toEqual({ kind: 'crash', line: 'SyntaxError: \'(\' was never closed', lines: typo.split('\n').filter((l) => l.trim()) });
    expect(errorLine('connecting\nReferenceError: x is not defined\n    at file.js:3\n')).toBe('ReferenceError: x is not defined');
    expect(errorLine('127.0.0.1:9: Connection refused\n')).toBeUndefined();
    expect(REFUSAL.test('Error: connect ECONNREFUSED 127.0.0.1:9')).toBe(true);
  });

  it('tells silence, several lines, another status and a signal apart', () => {
    expect(judgeRefusal({ code: 1, signal: null }, '')).toEqual({ kind: 'silent' });
    expect(judgeRefusal({ code: 1, signal: null }, 'connecting…\nrefused\n')).toEqual({ kind: 'several', lines: ['connecting…', 'refused'] });
    expect(judgeRefusal({ code: 2, signal: null }, 'refused\n')).toEqual({ kind: 'wrong-status', code: 2, lines: ['refused'] });
    expect(judgeRefusal({ code: null, signal: 'SIGKILL' }, '')).toEqual({ kind: 'signal', signal: 'SIGKILL' });
    expect(stackTraceOf(['refused'])).toBeUndefined();
  });
});
