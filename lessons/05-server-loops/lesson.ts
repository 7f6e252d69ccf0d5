// Lesson 5's manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { clientDisconnect } from './checks/client-disconnect.ts';
import { clientReset } from './checks/client-reset.ts';
import { largeMessage } from './checks/large-message.ts';
import { manyMessages } from './checks/many-messages.ts';
import { noBusyLoop } from './checks/no-busy-loop.ts';
import { sequentialClients } from './checks/sequential-clients.ts';

export default defineLesson({
  number: 5,
  slug: 'server-loops',
  title: 'Server loops: an echo server that serves client after client',
  exercise: 'exercises/05-server-loops/server.ts',
  solution: 'solutions/05-server-loops/server.ts',
  checks: [manyMessages, sequentialClients, clientDisconnect, clientReset, noBusyLoop, largeMessage] as const,
  fixtures: [
    { file: 'fixtures/accept-once.py', fails: ['sequential-clients'], skips: ['client-reset', 'no-busy-loop'], bug: 'the sources\' generation 5: accept() once, so it ends after its first client' },
    { file: 'fixtures/one-reply-per-connection.py', fails: ['many-messages'], skips: ['client-disconnect', 'large-message'], bug: 'generation 2: one recv and one send per connection' },
    { file: 'fixtures/spin-on-empty-read.py', fails: ['sequential-clients', 'client-disconnect', 'no-busy-loop'], bug: 'generation 4: reads again after an empty read, forever' },
    { file: 'fixtures/busy-poll.py', fails: ['no-busy-loop'], bug: 'polls non-blocking sockets in a loop instead of waiting' },
    { file: 'fixtures/resets-on-close.py', fails: ['client-disconnect'], bug: 'closes with SO_LINGER 0: a reset (RST) instead of a FIN' },
    { file: 'fixtures/never-closes.ts', fails: ['client-disconnect'], bug: 'never ends its side when the client leaves (CLOSE_WAIT)' },
    { file: 'fixtures/crashes-on-reset.ts', fails: ['client-reset'], bug: 'no \'error\' handler: an ECONNRESET kills the process' },
    { file: 'fixtures/crashes-on-reset.py', fails: ['client-reset'], bug: 'no try/except around recv: ConnectionResetError kills the process' },
    { file: 'fixtures/partial-send.py', fails: ['large-message'], skips: ['client-disconnect'], bug: 'uses send() and ignores how many bytes it took' },
    { file: 'fixtures/ends-before-late-echo.ts', fails: ['client-disconnect'], bug: 'writes each echo a few ms late but ends its side at once on \'end\': the last bytes before the FIN are never echoed' },
    { file: 'fixtures/destroys-on-end.ts', fails: ['client-disconnect'], bug: 'socket.destroy() on \'end\' throws away the writes still queued in Node' },
    { file: 'fixtures/polls-with-set-interval.ts', fails: ['no-busy-loop'], bug: 'a setInterval(…, 0) per connection polls socket.read() and is never cleared' },
    { file: 'fixtures/async-data-handler.ts', fails: ['large-message'], skips: ['client-disconnect'], bug: 'an async \'data\' handler awaits before it writes: chunks come back out of order' },
    { file: 'fixtures/closes-server-after-first-client.ts', fails: ['sequential-clients'], skips: ['no-busy-loop'], bug: 'server.close() when the first client leaves' },
    { file: 'fixtures/for-await-without-catch.ts', fails: ['client-disconnect', 'client-reset'], bug: 'for await over the socket without try/catch: an unhandled rejection on reset, and the loop\'s end destroys queued writes' },
    { file: 'fixtures/readline-without-error-handler.ts', fails: ['client-reset'], bug: 'readline re-emits the socket\'s ECONNRESET on an interface with no \'error\' listener' },
    { file: 'fixtures/typo-crash.js', fails: ['many-messages'], skips: ['sequential-clients', 'client-disconnect', 'client-reset', 'no-busy-loop', 'large-message'], bug: 'socket.wrtie: a TypeError on the first chunk ends the process' },
    { file: 'fixtures/to-string-round-trip.ts', fails: ['large-message'], skips: ['client-disconnect'], bug: 'writes chunk.toString(): bytes that are not UTF-8 come back as U+FFFD' },
    { file: 'fixtures/ends-inside-data.ts', fails: ['many-messages'], skips: ['client-disconnect', 'large-message'], bug: 'generation 2 in Node: socket.end(chunk) inside \'data\'' },
    { file: 'fixtures/serves-three-clients.py', fails: ['sequential-clients'], skips: ['no-busy-loop'], bug: 'serves exactly three clients, then exits 0' },
    { file: 'fixtures/selectors-key-error.py', fails: ['sequential-clients'], skips: ['client-reset', 'no-busy-loop'], bug: 'closes without sel.unregister(): KeyError when the next client is registered' },
    { file: 'fixtures/fork-parent-keeps-conn.py', fails: ['client-disconnect'], bug: 'forking server whose parent keeps its copy of the connection open (CLOSE_WAIT)' },
    { file: 'fixtures/echoes-after-fin.py', fails: ['many-messages'], skips: ['sequential-clients', 'client-disconnect', 'client-reset', 'large-message'], bug: 'asyncio reader.read() waits for the client\'s FIN before it echoes' },
    { file: 'fixtures/byte-at-a-time.py', fails: ['large-message'], skips: ['client-disconnect'], bug: 'correct but very slow: one byte per recv and send, a log line per byte' },
    { file: 'fixtures/binds-source-address.py', fails: ['many-messages', 'sequential-clients', 'client-disconnect', 'client-reset', 'no-busy-loop', 'large-message'], bug: 'binds 127.0.0.7, the sources\' address, instead of HOST: not reachable, so no check can run' },
  ],
});
