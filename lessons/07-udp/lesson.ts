// Lesson 7's manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { boundaries } from './checks/boundaries.ts';
import { clientGone } from './checks/client-gone.ts';
import { echo } from './checks/echo.ts';
import { emptyDatagram } from './checks/empty-datagram.ts';
import { largeDatagram } from './checks/large-datagram.ts';
import { manyClients } from './checks/many-clients.ts';

export default defineLesson({
  number: 7,
  slug: 'udp',
  title: 'UDP: an echo server for datagrams',
  exercise: 'exercises/07-udp/server.ts',
  solution: 'solutions/07-udp/server.ts',
  // Ready once its socket is in the kernel's UDP table: a probe datagram would become its first client.
  start: { endpoints: ['udp'] },
  checks: [echo, boundaries, emptyDatagram, manyClients, clientGone, largeDatagram],
  fixtures: [
    { file: 'fixtures/replies-from-another-port.py', fails: ['echo'], skips: [], bug: 'answers through a second socket, so every reply comes from another port than the one the client wrote to' },
    { file: 'fixtures/joins-datagrams.py', fails: ['boundaries'], skips: [], bug: 'treats UDP as a stream: gathers what a sender sends within 50 ms and answers it as one datagram' },
    { file: 'fixtures/skips-empty.py', fails: ['empty-datagram'], skips: [], bug: 'takes b\'\' for "nothing arrived" (if not data: continue), so an empty datagram is never answered' },
    { file: 'fixtures/stops-on-empty.py', fails: ['empty-datagram'], skips: [], bug: 'takes b\'\' for "the client left" (if not data: break), so one empty datagram ends the server with status 0' },
    { file: 'fixtures/replies-to-first.py', fails: ['many-clients', 'client-gone'], skips: [], bug: 'the sources\' UDP model: keeps the first client\'s address and sends every reply there' },
    { file: 'fixtures/replies-to-latest-sender.ts', fails: ['many-clients'], skips: [], bug: 'keeps "the client" in a shared variable and replies after an await, so concurrent replies go to the last sender' },
    { file: 'fixtures/connects-to-first.py', fails: ['many-clients', 'client-gone'], skips: [], bug: 'connect()s to the first sender: other clients are filtered out, and that client\'s departure raises ConnectionRefusedError' },
    { file: 'fixtures/exits-on-error.ts', fails: ['many-clients', 'client-gone'], skips: [], bug: 'connect()s to the first sender and exits on \'error\': others are ignored, and ECONNREFUSED from a vanished client ends it' },
    { file: 'fixtures/crashes-on-refused.py', fails: ['client-gone'], skips: [], bug: 'turns on IP_RECVERR and catches nothing, so a reply to a vanished client raises ConnectionRefusedError in recvfrom' },
    { file: 'fixtures/recvfrom-1024.py', fails: ['large-datagram'], skips: [], bug: 'the sources\' recvfrom(1024): a 60,000-byte datagram is cut to its first 1,024 bytes' },
  ],
});
