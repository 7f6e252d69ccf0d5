// Lesson 4's known-broken programs: each must fail exactly `fails` and say skip for `skips`.
// They rely on the checks as lesson.md describes them: waits-for-fin and digest send in pieces
// with pauses; empty-stream's warm-up and closes-after-answer send one small ASCII payload and
// half-close right behind it; digest, empty-stream and closes-after-answer skip when no answer
// comes after the client's FIN (waits-for-fin judges that), and only closes-after-answer judges the FIN.
import type { Fixture } from '../../grader/types.ts';

export const fixtures: Fixture[] = [
  { file: 'fixtures/answers-first-read.py', fails: ['waits-for-fin'], skips: ['digest'], bug: 'answers after the first recv() instead of reading until the client\'s FIN' },
  { file: 'fixtures/no-half-open.ts', fails: ['waits-for-fin'], skips: ['digest', 'empty-stream', 'closes-after-answer'], bug: 'default allowHalfOpen: false and an asynchronous digest: Node ends the socket at the client\'s FIN, before the answer' },
  { file: 'fixtures/hashes-decoded-text.ts', fails: ['digest'], skips: [], bug: 'collects the payload as a string: non-UTF-8 bytes are replaced and .length counts characters' },
  { file: 'fixtures/counts-characters.py', fails: ['digest'], skips: [], bug: 'reports len() of the decoded text, characters instead of bytes' },
  { file: 'fixtures/crashes-on-empty.ts', fails: ['empty-stream'], skips: [], bug: 'creates the hash on the first chunk, so an empty stream crashes the process' },
  { file: 'fixtures/hangs-on-empty.py', fails: ['empty-stream'], skips: [], bug: 'takes an empty read before any data for "not yet" and spins for ever' },
  { file: 'fixtures/resets-after-answer.py', fails: ['closes-after-answer'], skips: [], bug: 'SO_LINGER 0 before close(): the connection ends with an RST instead of a FIN' },
  { file: 'fixtures/never-closes.ts', fails: ['closes-after-answer'], skips: [], bug: 'answers with write() and never calls end(): its side stays in CLOSE_WAIT' },
];
