// Lesson 6's manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { gracefulShutdown } from './checks/graceful-shutdown.ts';
import { passiveClose } from './checks/passive-close.ts';
import { portBusyError } from './checks/port-busy-error.ts';
import { restartReuse } from './checks/restart-reuse.ts';
import { servesAndCloses } from './checks/serves-and-closes.ts';

export default defineLesson({
  number: 6,
  slug: 'time-wait',
  title: 'TIME_WAIT: who closes first, restarting, shutting down',
  exercise: 'exercises/06-time-wait/server.ts',
  solution: 'solutions/06-time-wait/server.ts',
  start: { endpoints: ['tcp'] },
  role: 'server',
  checks: [servesAndCloses, gracefulShutdown, restartReuse, portBusyError, passiveClose],
  fixtures: [
    { file: 'fixtures/no-reuseaddr.py', fails: ['restart-reuse'], skips: [], bug: 'no SO_REUSEADDR: a restart cannot bind over its own TIME_WAIT entries (errno 98)' },
    { file: 'fixtures/never-closes-first.py', fails: ['serves-and-closes'], skips: ['restart-reuse'], bug: 'answers TIME like WAIT: waits for the client to close first' },
    { file: 'fixtures/never-closes-first.ts', fails: ['serves-and-closes'], skips: ['restart-reuse'], bug: 'answers TIME with write() instead of end(): never closes first' },
    { file: 'fixtures/resets-instead-of-closing.py', fails: ['serves-and-closes'], skips: ['restart-reuse'], bug: 'closes TIME connections with SO_LINGER 0: an RST instead of a FIN, no TIME_WAIT' },
    { file: 'fixtures/closes-first-on-wait.py', fails: ['passive-close'], skips: [], bug: 'answers WAIT like TIME: closes first, leaving TIME_WAIT on its own port' },
    { file: 'fixtures/never-closes-after-client.ts', fails: ['passive-close'], skips: ['graceful-shutdown'], bug: 'no socket.end() when a WAIT client\'s FIN arrives: its connections stay in CLOSE_WAIT' },
    { file: 'fixtures/ignores-sigterm.py', fails: ['graceful-shutdown'], skips: [], bug: 'sets SIGTERM to SIG_IGN: keeps listening, never exits' },
    { file: 'fixtures/ignores-sigterm.ts', fails: ['graceful-shutdown'], skips: [], bug: 'a SIGTERM listener that only logs removes Node\'s default exit: keeps listening, never exits' },
    { file: 'fixtures/exits-on-sigterm.py', fails: ['graceful-shutdown'], skips: [], bug: 'sys.exit(0) on SIGTERM with daemon client threads: the waiting client is dropped unanswered' },
    { file: 'fixtures/exit-on-sigterm.ts', fails: ['graceful-shutdown'], skips: [], bug: 'process.exit(0) on SIGTERM: the waiting client is dropped unanswered' },
    { file: 'fixtures/lingers-after-close.ts', fails: ['graceful-shutdown'], skips: [], bug: 'server.close() on SIGTERM, but a setInterval keeps the process alive after the last client' },
    { file: 'fixtures/traceback-on-busy-port.py', fails: ['port-busy-error'], skips: [], bug: 'nothing catches the bind() error: a traceback instead of one line' },
    { file: 'fixtures/busy-port-unnamed.py', fails: ['port-busy-error'], skips: [], bug: 'prints "[Errno 98] Address already in use": one line, but it does not name the port' },
    { file: 'fixtures/retries-bind-forever.py', fails: ['port-busy-error'], skips: [], bug: 'retries bind() every second, forever: hangs while the port is held' },
    { file: 'fixtures/no-error-handler.ts', fails: ['port-busy-error'], skips: [], bug: 'no \'error\' listener on the server: EADDRINUSE crashes with a stack trace' },
  ],
});
