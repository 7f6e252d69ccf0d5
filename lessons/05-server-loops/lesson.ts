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
  checks: [manyMessages, sequentialClients, clientDisconnect, clientReset, noBusyLoop, largeMessage],
  fixtures: [
    { file: 'fixtures/accept-once.py', fails: ['sequential-clients'], skips: ['client-reset', 'no-busy-loop'], bug: 'the sources\' generation 5: accept() once, so it ends after its first client' },
    { file: 'fixtures/one-reply-per-connection.py', fails: ['many-messages'], skips: ['large-message'], bug: 'generation 2: one recv and one send per connection' },
    { file: 'fixtures/spin-on-empty-read.py', fails: ['sequential-clients', 'client-disconnect', 'no-busy-loop'], bug: 'generation 4: reads again after an empty read, forever' },
    { file: 'fixtures/busy-poll.py', fails: ['no-busy-loop'], bug: 'polls non-blocking sockets in a loop instead of waiting' },
    { file: 'fixtures/resets-on-close.py', fails: ['client-disconnect'], bug: 'closes with SO_LINGER 0: a reset (RST) instead of a FIN' },
    { file: 'fixtures/never-closes.ts', fails: ['client-disconnect'], bug: 'never ends its side when the client leaves (CLOSE_WAIT)' },
    { file: 'fixtures/crashes-on-reset.ts', fails: ['client-reset'], bug: 'no \'error\' handler: an ECONNRESET kills the process' },
    { file: 'fixtures/crashes-on-reset.py', fails: ['client-reset'], bug: 'no try/except around recv: ConnectionResetError kills the process' },
    { file: 'fixtures/partial-send.py', fails: ['large-message'], bug: 'uses send() and ignores how many bytes it took' },
  ],
});
