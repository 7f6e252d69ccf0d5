// Lesson 1's manifest: the student writes a TCP client, the grader plays the server. Its checks in
// order, and the known-broken clients that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { closesGracefully } from './checks/closes-gracefully.ts';
import { connectionRefused } from './checks/connection-refused.ts';
import { connects } from './checks/connects.ts';
import { knowsOwnPort } from './checks/knows-own-port.ts';
import { repliesToken } from './checks/replies-token.ts';

export default defineLesson({
  number: 1,
  slug: 'sockets',
  title: 'Sockets: a TCP client, from connect() to FIN',
  exercise: 'exercises/01-sockets/client.ts',
  solution: 'solutions/01-sockets/client.ts',
  // A client binds nothing the grader could wait for: each check starts it with h.startClient().
  start: { endpoints: [] },
  role: 'client',
  checks: [connects, repliesToken, knowsOwnPort, closesGracefully, connectionRefused],
  fixtures: [
    { file: 'fixtures/ignores-host-and-port.py', fails: ['connects'], skips: ['replies-token', 'knows-own-port', 'closes-gracefully'], bug: 'connects to the sources\' 127.0.0.7:8080 instead of HOST:PORT' },
    { file: 'fixtures/single-recv.py', fails: ['replies-token'], bug: 'takes one recv() as the whole greeting, so it replies with half the token' },
    { file: 'fixtures/data-as-line.ts', fails: ['replies-token'], bug: 'takes the first \'data\' chunk as the whole greeting line' },
    { file: 'fixtures/reports-server-port.ts', fails: ['knows-own-port'], bug: 'replies with socket.remotePort (the server\'s port) instead of socket.localPort' },
    { file: 'fixtures/reports-fixed-port.py', fails: ['knows-own-port'], bug: 'replies with a port written into the code instead of getsockname()' },
    { file: 'fixtures/local-port-before-connect.ts', fails: ['knows-own-port'], bug: 'reads socket.localPort before \'connect\', when it is still undefined' },
    { file: 'fixtures/binds-fixed-port.py', fails: ['knows-own-port'], bug: 'binds a fixed local port before connect(): the kernel did not choose it' },
    { file: 'fixtures/never-closes.ts', fails: ['closes-gracefully'], bug: 'never calls end(), so it neither sends FIN nor exits' },
    { file: 'fixtures/waits-for-server-close.py', fails: ['closes-gracefully'], bug: 'waits for the server to close first, which it never does' },
    { file: 'fixtures/resets-on-close.ts', fails: ['closes-gracefully'], bug: 'closes with resetAndDestroy(): a reset (RST) instead of a FIN' },
    { file: 'fixtures/traceback-when-refused.py', fails: ['connection-refused'], bug: 'no try/except around connect(): a traceback instead of one line' },
    { file: 'fixtures/exits-0-when-refused.ts', fails: ['connection-refused'], bug: 'prints the refusal but exits with status 0' },
    { file: 'fixtures/retries-when-refused.py', fails: ['connection-refused'], bug: 'retries for 30 s instead of reporting the refusal at once' },
  ],
});
