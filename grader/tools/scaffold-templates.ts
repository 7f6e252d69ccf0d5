// The files `npm run new-lesson` writes: a lesson that is whole from the start. Its check and its
// solution are a tiny working pair (a server that greets each client with "hello\n"), its stub
// listens but does not greet (so it fails, as an untouched stub must), and its fixture is a known
// bug that fails the check. The author replaces each with the lesson's own.
export interface ScaffoldNames {
  number: number;
  slug: string;
  /** NN-slug */
  folder: string;
  title: string;
}

export function scaffoldFiles(n: ScaffoldNames): Record<string, string> {
  return {
    [`lessons/${n.folder}/lesson.md`]: lessonText(),
    [`lessons/${n.folder}/lesson.ts`]: manifest(n),
    [`lessons/${n.folder}/checks/first-check.ts`]: FIRST_CHECK,
    [`lessons/${n.folder}/fixtures/broken.py`]: BROKEN_FIXTURE,
    [`exercises/${n.folder}/server.ts`]: stub(n),
    [`solutions/${n.folder}/server.ts`]: SOLUTION,
  };
}

const lessonText = () => `# Lesson {{lesson.number}}: {{lesson.title}}

<!-- Written by npm run new-lesson. Replace all of it; docs/AUTHORING.md says what a lesson holds. -->

## What you will build

A server that greets every client. The grader starts your program with the environment variables
\`HOST\` and \`PORT\`; listen there, and write the line \`hello\` to each client as soon as it connects.

## Your turn

Open \`{{exercise}}\` and fill in the \`TODO\`.

## Grade it

\`\`\`sh
{{grade}}
\`\`\`

## The checks

{{#each checks}}
- \`{{id}}\`: {{title}}
{{/each}}
`;

const manifest = (n: ScaffoldNames) => `// Lesson ${n.number}'s manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { firstCheck } from './checks/first-check.ts';

export default defineLesson({
  number: ${n.number},
  slug: '${n.slug}',
  title: ${JSON.stringify(n.title)},
  exercise: 'exercises/${n.folder}/server.ts',
  solution: 'solutions/${n.folder}/server.ts',
  start: { endpoints: ['tcp'] },
  role: 'server',
  checks: [firstCheck],
  fixtures: [
    { file: 'fixtures/broken.py', fails: ['first-check'], bug: 'waits for the client to speak first, so it never greets' },
  ],
});
`;

const FIRST_CHECK = `// first-check: a client that connects is greeted with "hello\\n" (the scaffold's example: replace it
// with the lesson's own checks, and keep a fixture that fails each).
import { advise, defineCheck, describeReplyProblem, fail, judgeReply, pass, readReply } from '../../../grader/sdk.ts';

const GREETING = Buffer.from('hello\\n');
/** The greeting may take 2 s to start arriving, and 5 s in all. */
const BOUNDS = { idleMs: 2000, totalMs: 5000 };

export const firstCheck = defineCheck({
  id: 'first-check',
  title: 'greets every client with hello',
  hints: [
    'Your server has to speak first: the grader connects and waits, without sending anything.',
    'In the connection listener, write the line to the socket the listener was given.',
    "socket.end('hello\\\\n') writes the line and then closes your side of the connection.",
  ],
  async run(h) {
    await h.start();
    const client = await h.connect();
    const { got, evidence } = await readReply(client, GREETING.length, BOUNDS, h);
    const found = judgeReply(GREETING, got);
    const problem = found?.kind === 'short' && evidence ? { ...found, evidence } : found;
    if (!problem) return pass('greeted with hello');
    return fail({
      did: 'connected one client and waited, sending nothing',
      expected: \`the line "hello" within \${BOUNDS.idleMs / 1000} s\`,
      saw: describeReplyProblem(problem, GREETING.length, BOUNDS, 'the greeting'),
      cause: advise(h.language, {
        node: "greet each client as soon as it connects: socket.end('hello\\\\n') in the connection listener",
        python: "greet each client right after accept(): conn.sendall(b'hello\\\\n')",
      }),
    });
  },
});
`;

const BROKEN_FIXTURE = `# Known bug: waits for the client to speak first, so a client that waits for the greeting gets nothing.
import os
import socket

srv = socket.create_server((os.environ.get('HOST', '127.0.0.1'), int(os.environ['PORT'])))
while True:
    conn, _ = srv.accept()
    with conn:
        if conn.recv(1024):
            conn.sendall(b'hello\\n')
`;

const stub = (n: ScaffoldNames) => `// Lesson ${n.number}: greet every client.
// Run it by hand with \`PORT=8080 npx tsx exercises/${n.folder}/server.ts\`; grade it with \`npm run grade lesson${n.number}\`.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

const server = net.createServer((socket) => {
  socket.on('error', (err) => console.error(err.message));
  // TODO: greet the client with the line "hello", then close your side.
});

server.listen(port, host, () => {
  console.log(\`listening on \${host}:\${port}\`);
});
`;

const SOLUTION = `// Lesson's reference solution: greet every client, then close.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

const server = net.createServer((socket) => {
  socket.on('error', (err) => console.error(err.message));
  socket.end('hello\\n');
});

server.listen(port, host, () => {
  console.log(\`listening on \${host}:\${port}\`);
});
`;
