// Lesson 4's manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { closesAfterAnswer } from './checks/closes-after-answer.ts';
import { digest } from './checks/digest.ts';
import { emptyStream } from './checks/empty-stream.ts';
import { waitsForFin } from './checks/waits-for-fin.ts';

export default defineLesson({
  number: 4,
  slug: 'handshakes',
  title: 'Handshakes and half-close: reading until the client\'s FIN',
  exercise: 'exercises/04-handshakes/server.ts',
  solution: 'solutions/04-handshakes/server.ts',
  start: { endpoints: ['tcp'] },
  role: 'server',
  checks: [waitsForFin, digest, emptyStream, closesAfterAnswer] as const,
  // digest, empty-stream and closes-after-answer skip when nothing answers after the client's FIN
  // (waits-for-fin owns that); digest also skips an answer before the FIN on a payload no larger
  // than waits-for-fin's, and empty-stream a warm-up line answered wrongly (digest owns that).
  fixtures: [
    { file: 'fixtures/answers-first-read.py', fails: ['waits-for-fin'], skips: ['digest'], bug: 'answers after the first recv() instead of reading until the client\'s FIN' },
    { file: 'fixtures/no-half-open.ts', fails: ['waits-for-fin'], skips: ['digest', 'empty-stream', 'closes-after-answer'], bug: 'default allowHalfOpen: false and an asynchronous digest: Node ends the socket at the client\'s FIN, before the answer' },
    { file: 'fixtures/hashes-decoded-text.ts', fails: ['digest'], skips: [], bug: 'collects the payload as a string: non-UTF-8 bytes are replaced and .length counts characters' },
    { file: 'fixtures/counts-characters.py', fails: ['digest'], skips: [], bug: 'reports len() of the decoded text, characters instead of bytes' },
    { file: 'fixtures/crashes-on-empty.ts', fails: ['empty-stream'], skips: [], bug: 'creates the hash on the first chunk, so an empty stream crashes the process' },
    { file: 'fixtures/hangs-on-empty.py', fails: ['empty-stream'], skips: [], bug: 'takes an empty read before any data for "not yet" and spins for ever' },
    { file: 'fixtures/resets-after-answer.py', fails: ['closes-after-answer'], skips: [], bug: 'SO_LINGER 0 before close(): the connection ends with an RST instead of a FIN' },
    { file: 'fixtures/never-closes.ts', fails: ['closes-after-answer'], skips: [], bug: 'answers with write() and never calls end(): its side stays in CLOSE_WAIT' },
  ],
});
