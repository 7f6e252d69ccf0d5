// Lesson 1's known-broken clients: each must fail exactly the checks in `fails` (and say skip
// for those in `skips`), which proves every check can fail.
import type { Fixture } from '../../grader/types.ts';

export const fixtures: Fixture[] = [
  { file: 'fixtures/ignores-host-and-port.py', fails: ['connects'], skips: ['replies-token', 'knows-own-port', 'closes-gracefully'], bug: 'connects to the sources\' 127.0.0.7:8080 instead of HOST:PORT' },
  { file: 'fixtures/single-recv.py', fails: ['replies-token'], skips: [], bug: 'takes one recv() as the whole greeting, so it replies with half the token' },
  { file: 'fixtures/data-as-line.ts', fails: ['replies-token'], skips: [], bug: 'takes the first \'data\' chunk as the whole greeting line' },
  { file: 'fixtures/reports-server-port.ts', fails: ['knows-own-port'], skips: [], bug: 'replies with socket.remotePort (the server\'s port) instead of socket.localPort' },
  { file: 'fixtures/reports-fixed-port.py', fails: ['knows-own-port'], skips: [], bug: 'replies with a port written into the code instead of getsockname()' },
  { file: 'fixtures/local-port-before-connect.ts', fails: ['knows-own-port'], skips: [], bug: 'reads socket.localPort before \'connect\', when it is still undefined' },
  { file: 'fixtures/binds-fixed-port.py', fails: ['knows-own-port'], skips: [], bug: 'binds a fixed local port before connect(): the kernel did not choose it' },
  { file: 'fixtures/never-closes.ts', fails: ['closes-gracefully'], skips: [], bug: 'never calls end(), so it neither sends FIN nor exits' },
  { file: 'fixtures/waits-for-server-close.py', fails: ['closes-gracefully'], skips: [], bug: 'waits for the server to close first, which it never does' },
  { file: 'fixtures/resets-on-close.ts', fails: ['closes-gracefully'], skips: [], bug: 'closes with resetAndDestroy(): a reset (RST) instead of a FIN' },
  { file: 'fixtures/traceback-when-refused.py', fails: ['connection-refused'], skips: [], bug: 'no try/except around connect(): a traceback instead of one line' },
  { file: 'fixtures/exits-0-when-refused.ts', fails: ['connection-refused'], skips: [], bug: 'prints the refusal but exits with status 0' },
  { file: 'fixtures/retries-when-refused.py', fails: ['connection-refused'], skips: [], bug: 'retries for 30 s instead of reporting the refusal at once' },
];
