// Lesson 2's judgement without sockets: the expected line, what a wrong answer looks like and the
// slip behind it, how the kernel tells a FIN from a reset, the shutdown verdict, and the words.
import { describe, expect, it } from 'vitest';
import { expectedLine, hintFor, judgeAnswer, kernelEnd, parseLine, type Client } from '../../lessons/02-families/checks/answer.ts';
import { causeForLine, describeCause, describeSaw, type AnswerContext } from '../../lessons/02-families/checks/answer-words.ts';
import { describeView, serves, viewFrom } from '../../lessons/02-families/checks/listeners.ts';
import { causeNotListening, collidedWithItself } from '../../lessons/02-families/checks/not-serving.ts';
import { describeUnixSide } from '../../lessons/02-families/checks/serve-line.ts';
import { judgeShutdown, shutdownCause } from '../../lessons/02-families/checks/shutdown.ts';
import { pickOwner } from '../../grader/sdk/signal-server.ts';
import { staleCause } from '../../lessons/02-families/checks/stale-socket-file.ts';
import type { TcpSocket } from '../../grader/sdk.ts';

const unix: Client = { family: 'unix', address: '', port: 0 };
const v4: Client = { family: 'ipv4', address: '127.0.0.1', port: 54321 };
const v6: Client = { family: 'ipv6', address: '::1', port: 54321 };
const SERVER_PORT = 12000;
const context = (client: Client, language: AnswerContext['language'] = 'node'): AnswerContext => ({ client, serverPort: SERVER_PORT, language, serverSide: 'your side of the connection is ESTABLISHED' });
const b = (s: string) => Buffer.from(s, 'latin1');

describe('expectedLine', () => {
  it('names the family, and for TCP the client\'s address (IPv6 in brackets) and port', () => {
    expect(expectedLine(unix)).toBe('unix\n');
    expect(expectedLine(v4)).toBe('ipv4 127.0.0.1:54321\n');
    expect(expectedLine(v6)).toBe('ipv6 [::1]:54321\n');
  });
});

describe('judgeAnswer', () => {
  const want = expectedLine(v4);

  it('passes the exact line followed by a FIN the kernel confirms (or cannot judge)', () => {
    expect(judgeAnswer(want, b(want), 'fin', 'fin')).toBeUndefined();
    expect(judgeAnswer(want, b(want), 'fin', 'unknown')).toBeUndefined();
    expect(judgeAnswer('unix\n', b('unix\n'), 'fin')).toBeUndefined();
  });

  it('fails a right line that ends in a reset, seen by the client or only by the kernel', () => {
    expect(judgeAnswer(want, b(want), 'rst')).toEqual({ kind: 'reset', byKernel: false });
    expect(judgeAnswer(want, b(want), 'fin', 'rst')).toEqual({ kind: 'reset', byKernel: true });
  });

  it('fails a right line with no close within the bound', () => {
    expect(judgeAnswer(want, b(want), 'timeout')).toEqual({ kind: 'no-close' });
    expect(judgeAnswer(want, b(want), 'deadline')).toEqual({ kind: 'no-close' });
  });

  it('tells silence, a wrong line, a line without its newline and bytes after the line apart', () => {
    expect(judgeAnswer(want, Buffer.alloc(0), 'fin')).toEqual({ kind: 'silent', end: 'fin' });
    expect(judgeAnswer(want, Buffer.alloc(0), 'fin', 'rst')).toEqual({ kind: 'silent', end: 'rst' });
    expect(judgeAnswer(want, Buffer.alloc(0), 'timeout')).toEqual({ kind: 'silent', end: 'timeout' });
    expect(judgeAnswer(want, b('ipv4 127.0.0.1:54321'), 'fin')).toEqual({ kind: 'unterminated', text: 'ipv4 127.0.0.1:54321', end: 'fin' });
    expect(judgeAnswer(want, b('ipv6 [::ffff:127.0.0.1]:54321\n'), 'fin')).toEqual({ kind: 'wrong-line', line: 'ipv6 [::ffff:127.0.0.1]:54321\n', end: 'fin' });
    expect(judgeAnswer(want, b(`${want}bye\n`), 'fin')).toMatchObject({ kind: 'extra', extra: b('bye\n') });
  });
});

describe('kernelEnd (the server\'s side once the client saw a FIN)', () => {
  it('reads FIN_WAIT and TIME_WAIT as an orderly close, no socket at all as a reset', () => {
    expect(kernelEnd(true, 'FIN_WAIT2')).toBe('fin');
    expect(kernelEnd(true, 'FIN_WAIT1')).toBe('fin');
    expect(kernelEnd(true, 'TIME_WAIT')).toBe('fin');
    expect(kernelEnd(true, undefined)).toBe('rst');
    expect(kernelEnd(true, 'ESTABLISHED')).toBe('unknown');
    expect(kernelEnd(false, undefined)).toBe('unknown');
  });
});

describe('parseLine and hintFor', () => {
  it('splits a line at the last colon, brackets kept', () => {
    expect(parseLine('ipv6 [::1]:54321\n')).toEqual({ word: 'ipv6', address: '[::1]', port: 54321 });
    expect(parseLine('ipv6 ::1:54321\n')).toEqual({ word: 'ipv6', address: '::1', port: 54321 });
    expect(parseLine('unix\n')).toEqual({ word: 'unix' });
    expect(parseLine('ipv4 undefined:undefined\n')).toEqual({ word: 'ipv4', address: 'undefined:undefined' });
  });

  it('names the slip behind each wrong line the lesson warns about', () => {
    expect(hintFor(unix, 'ipv4 undefined:undefined\n', SERVER_PORT)).toBe('unix-as-tcp');
    expect(hintFor(unix, 'unix /tmp/x.sock\n', SERVER_PORT)).toBe('unix-with-address');
    expect(hintFor(v4, 'ipv6 [::ffff:127.0.0.1]:54321\n', SERVER_PORT)).toBe('mapped');
    expect(hintFor(v4, 'ipv4 ::ffff:127.0.0.1:54321\n', SERVER_PORT)).toBe('mapped');
    expect(hintFor(v6, 'ipv6 ::1:54321\n', SERVER_PORT)).toBe('no-brackets');
    expect(hintFor(v6, 'ipv4 [::1]:54321\n', SERVER_PORT)).toBe('wrong-family');
    expect(hintFor(v4, `ipv4 127.0.0.1:${SERVER_PORT}\n`, SERVER_PORT)).toBe('server-port');
    expect(hintFor(v4, 'ipv4 localhost:54321\n', SERVER_PORT)).toBe('wrong-address');
    expect(hintFor(v4, 'ipv4 127.0.0.1:54321\r\n', SERVER_PORT)).toBe('crlf');
    expect(hintFor(v4, 'hello\n', SERVER_PORT)).toBe('wrong-family');
    expect(hintFor(unix, 'hello\n', SERVER_PORT)).toBe('other');
  });
});

describe('the words of a wrong answer', () => {
  it('says what came and how it ended, the kernel\'s view where nothing came', () => {
    expect(describeSaw({ kind: 'wrong-line', line: 'ipv6 ::1:54321\n', end: 'fin' }, context(v6))).toBe('"ipv6 ::1:54321\\n" then your FIN');
    expect(describeSaw({ kind: 'silent', end: 'timeout' }, context(v4))).toBe('nothing at all within 2 s: your side of the connection is ESTABLISHED');
    expect(describeSaw({ kind: 'no-close' }, context(v4))).toMatch(/^the right line, but no FIN within 2 s/);
  });

  it('gives the cause in the program\'s language', () => {
    const mapped = { kind: 'wrong-line' as const, line: 'ipv6 [::ffff:127.0.0.1]:54321\n', end: 'fin' as const };
    expect(describeCause(mapped, context(v4, 'node'))).toMatch(/listen\(port, '127\.0\.0\.1'\)/);
    expect(describeCause(mapped, context(v4, 'python'))).toMatch(/AF_INET socket to \("127\.0\.0\.1", PORT\)/);
    expect(describeCause(mapped, context(v4, 'unknown'))).toMatch(/\(Python: /);
    expect(causeForLine('unix-as-tcp', context(unix, 'node'))).toMatch(/remoteFamily, remoteAddress and remotePort are undefined/);
    expect(causeForLine('unix-as-tcp', context(unix, 'python'))).toMatch(/returns '' as the address/);
    expect(causeForLine('no-brackets', context(v6))).toMatch(/"\[::1\]:54321"/);
    expect(describeCause({ kind: 'no-close' }, context(v4, 'node'))).toMatch(/socket\.end\(line\)/);
  });
});

describe('where the program listens', () => {
  const listen = (localAddress: string): TcpSocket => ({ localAddress, localPort: SERVER_PORT, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', txQueue: 0, rxQueue: 0, inode: 1 });

  it('counts a dual-stack "::" listener as serving 127.0.0.1 and ::1, and 0.0.0.0 as IPv4 only', () => {
    expect(serves(viewFrom([listen('::')], false), 'tcp')).toBe(true);
    expect(serves(viewFrom([listen('::')], false), 'tcp6')).toBe(true);
    expect(serves(viewFrom([listen('0.0.0.0')], false), 'tcp6')).toBe(false);
    expect(serves(viewFrom([listen('127.0.0.1')], true), 'unix')).toBe(true);
  });

  it('describes what the kernel shows, and the cause in the program\'s terms', () => {
    const view = viewFrom([listen('127.0.0.1')], true);
    expect(describeView(view, SERVER_PORT)).toBe(`the kernel shows your program listening on 127.0.0.1:${SERVER_PORT} and on the Unix socket at SOCKET_PATH only`);
    expect(describeView(viewFrom([], false), SERVER_PORT)).toMatch(/nothing of your program listening/);
    expect(causeNotListening('tcp6', view, 'node', false)).toMatch(/listen\(port, '::1'\)/);
    expect(causeNotListening('tcp6', view, 'python', false)).toMatch(/AF_INET6.*\("::1", PORT\)/);
    expect(causeNotListening('unix', view, 'python', true)).toMatch(/nothing listens on it: call listen\(\) after bind\(\)/);
    expect(describeUnixSide(true, [{ inode: 5, listening: true }, { inode: 0, listening: false }])).toMatch(/^1 connection waits in your Unix listener's accept queue/);
  });
});

describe('collidedWithItself (EADDRINUSE on the copy\'s own fresh port)', () => {
  it('blames the program\'s own listeners only for its own port, or when no address is named', () => {
    expect(collidedWithItself(`Error: listen EADDRINUSE: address already in use 127.0.0.1:${SERVER_PORT}`, SERVER_PORT)).toBe(true);
    expect(collidedWithItself('OSError: [Errno 98] Address already in use', SERVER_PORT)).toBe(true);
    expect(collidedWithItself('Error: listen EADDRINUSE: address already in use :::8080', SERVER_PORT)).toBe(false);
    expect(collidedWithItself('Error: listen EADDRINUSE: address already in use /tmp/h/program.sock', SERVER_PORT, '/tmp/h/program.sock')).toBe(false);
    expect(collidedWithItself('Error: something else', SERVER_PORT)).toBe(false);
  });
});

describe('judgeShutdown', () => {
  it('passes exit 0 with the path gone, and names each other ending', () => {
    expect(judgeShutdown({ code: 0, signal: null }, 'none')).toBeUndefined();
    expect(judgeShutdown(undefined, 'socket')).toEqual({ kind: 'still-running', file: 'socket' });
    expect(judgeShutdown({ code: null, signal: 'SIGTERM' }, 'socket')).toEqual({ kind: 'killed', signal: 'SIGTERM', file: 'socket' });
    expect(judgeShutdown({ code: 1, signal: null }, 'none')).toEqual({ kind: 'exit-code', code: 1, file: 'none' });
    expect(judgeShutdown({ code: 0, signal: null }, 'socket')).toEqual({ kind: 'file-left', file: 'socket' });
  });

  it('words the fix in the program\'s language', () => {
    expect(shutdownCause({ kind: 'killed', signal: 'SIGTERM', file: 'socket' }, 'python')).toMatch(/signal\.signal\(signal\.SIGTERM/);
    expect(shutdownCause({ kind: 'file-left', file: 'socket' }, 'node')).toMatch(/process\.exit\(\) ends the process before anything is closed/);
  });
});

describe('stale-socket-file causes', () => {
  it('reads the crash from what the program printed', () => {
    expect(staleCause('OSError: [Errno 98] Address already in use', 'python')).toMatch(/^bind\(path\) fails with EADDRINUSE.*os\.unlink/);
    expect(staleCause('Error: listen EADDRINUSE: address already in use /tmp/x/program.sock', 'node')).toMatch(/^listen\(path\) fails.*fs\.unlinkSync/);
    expect(staleCause('Error: connect ECONNREFUSED /tmp/x/program.sock', 'node')).toMatch(/refused connection is how you know the file is stale/);
  });
});

describe('pickOwner (who holds the Unix listener)', () => {
  it('finds the one process with the socket among its fds, or none when several share it', () => {
    const links = new Map([[10, ['pipe:[1]']], [11, ['socket:[77]', 'socket:[78]']]]);
    expect(pickOwner(links, 77)).toBe(11);
    expect(pickOwner(links, 99)).toBeUndefined();
    expect(pickOwner(new Map([[10, ['socket:[77]']], [11, ['socket:[77]']]]), 77)).toBeUndefined();
  });
});
