// Lesson 3's manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
// The program serves one client and exits, so every check starts a copy of its own (answers, three).
import { defineLesson } from '../../grader/sdk.ts';
import { answers } from './checks/answers.ts';
import { closesAfterAnswer } from './checks/closes-after-answer.ts';
import { exitsAfterOneClient } from './checks/exits-after-one-client.ts';
import { greetsFirst } from './checks/greets-first.ts';
import { largeAnswer } from './checks/large-answer.ts';

export default defineLesson({
  number: 3,
  slug: 'api',
  title: 'The socket API, call by call: the sources\' first server',
  exercise: 'exercises/03-api/server.ts',
  solution: 'solutions/03-api/server.ts',
  start: { endpoints: ['tcp'] },
  checks: [greetsFirst, answers, largeAnswer, closesAfterAnswer, exitsAfterOneClient],
  // Each relies on the checks as lesson.md describes them: only greets-first waits for the greeting;
  // only answers splits its request line in two; only closes-after-answer judges the FIN, and
  // exits-after-one-client's client closes its side 2 s after the answer even without that FIN.
  fixtures: [
    { file: 'fixtures/no-greeting.py', fails: ['greets-first'], bug: 'reads the request before it greets, so a client waiting for WELCOME waits for ever' },
    { file: 'fixtures/add-concatenates.ts', fails: ['answers'], bug: 'ADD joins its operands as strings: "ADD 2 3" gets 23' },
    { file: 'fixtures/add-rejects-negatives.py', fails: ['answers'], bug: 'checks operands with str.isdigit(), so ADD with a negative operand gets ERROR' },
    { file: 'fixtures/answers-partial-line.ts', fails: ['answers'], bug: 'answers the first data chunk as if it were the whole request line' },
    { file: 'fixtures/partial-send.py', fails: ['large-answer'], bug: 'send() instead of sendall() with a timeout set: only about 3.9 MB of the 8 MiB answer is ever sent' },
    { file: 'fixtures/never-closes.ts', fails: ['closes-after-answer'], bug: 'write() without end(): no FIN after the answer until the client closes first' },
    { file: 'fixtures/never-closes.py', fails: ['closes-after-answer'], bug: 'reads on after the answer, waiting for the client to close first' },
    { file: 'fixtures/serves-forever.ts', fails: ['exits-after-one-client'], bug: 'never calls server.close(), so the process never exits' },
    { file: 'fixtures/serves-forever.py', fails: ['exits-after-one-client'], bug: 'accept() in a loop: serves every client and never exits' },
  ],
});
