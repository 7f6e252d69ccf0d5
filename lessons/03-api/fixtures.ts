// Lesson 3's known-broken programs: each must fail exactly `fails` and say skip for `skips`.
// They rely on the checks as lesson.md describes them: only greets-first waits for the greeting;
// only answers splits its request line in two; only closes-after-answer judges the FIN, and
// exits-after-one-client's client closes its side 2 s after the answer even without that FIN.
import type { Fixture } from '../../grader/types.ts';

export const fixtures: Fixture[] = [
  { file: 'fixtures/no-greeting.py', fails: ['greets-first'], skips: [], bug: 'reads the request before it greets, so a client waiting for WELCOME waits for ever' },
  { file: 'fixtures/add-concatenates.ts', fails: ['answers'], skips: [], bug: 'ADD joins its operands as strings: "ADD 2 3" gets 23' },
  { file: 'fixtures/add-rejects-negatives.py', fails: ['answers'], skips: [], bug: 'checks operands with str.isdigit(), so ADD with a negative operand gets ERROR' },
  { file: 'fixtures/answers-partial-line.ts', fails: ['answers'], skips: [], bug: 'answers the first data chunk as if it were the whole request line' },
  { file: 'fixtures/partial-send.py', fails: ['large-answer'], skips: [], bug: 'send() instead of sendall() with a timeout set: only about 3.9 MB of the 8 MiB answer is ever sent' },
  { file: 'fixtures/never-closes.ts', fails: ['closes-after-answer'], skips: [], bug: 'write() without end(): no FIN after the answer until the client closes first' },
  { file: 'fixtures/never-closes.py', fails: ['closes-after-answer'], skips: [], bug: 'reads on after the answer, waiting for the client to close first' },
  { file: 'fixtures/serves-forever.ts', fails: ['exits-after-one-client'], skips: [], bug: 'never calls server.close(), so the process never exits' },
  { file: 'fixtures/serves-forever.py', fails: ['exits-after-one-client'], skips: [], bug: 'accept() in a loop: serves every client and never exits' },
];
