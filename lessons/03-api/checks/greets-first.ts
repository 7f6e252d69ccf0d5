// greets-first: the server speaks first. A client that connects and sends nothing gets WELCOME\n
// as the very first bytes, within 2 s. The only check that waits for the greeting.
import { advise, defineCheck, describeServerSide, fail, formatBytes, pass, previewBytes, type Harness, type Program, type ReadResult, type Verdict } from '../../../grader/sdk.ts';
import { judgeCrash, readLineWatched, stopBeforeTeardown, type LineRead } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { GREETING, REPLY_IDLE_MS } from './protocol.ts';

const DID = 'connected and sent nothing, waiting for your server to speak first';
const PASSED = 'WELCOME arrived before the client said anything';
const EXPECTED = `"WELCOME\\n" as the first bytes on the connection, within ${REPLY_IDLE_MS / 1000} s, before the client sends anything`;

export type GreetingVerdict = 'ok' | 'silent' | 'closed' | 'wrong' | 'unterminated';

/** Pure: what the first line a silent client received says about the greeting. */
export function judgeGreeting(read: ReadResult): GreetingVerdict {
  const text = read.data.toString('latin1');
  if (text.startsWith(GREETING)) return 'ok';
  if (read.data.length === 0) return read.outcome === 'timeout' || read.outcome === 'deadline' ? 'silent' : 'closed';
  if (GREETING.startsWith(text) && !text.includes('\n')) return 'unterminated';
  return 'wrong';
}

export const greetsFirst = defineCheck({
  id: 'greets-first',
  title: 'says WELCOME first, before the client sends anything',
  hints: [
    'In this protocol, who speaks first? The client may wait for your greeting before it sends anything.',
    'Send the greeting as soon as the connection is accepted, before any read: a server that reads first and a client that waits for the greeting wait for each other for ever (lesson: "What the bugs look like").',
    'Node: socket.write(\'WELCOME\\n\') first thing in the connection listener. Python: conn.sendall(b"WELCOME\\n") right after accept(), before the first recv().',
  ],
  // The program serves one client and exits: a copy per conversation (see one-conversation.ts).
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen && judgeGreeting(seen.greeting) === 'ok') return pass(PASSED);
    const program = await h.start();
    return stopBeforeTeardown(await listenForGreeting(h, program), program);
  },
});

async function listenForGreeting(h: Harness, program: Program): Promise<Verdict> {
  const peer = await h.connect('client');
  const read = await readLineWatched(peer, h, 256);
  const verdict = judgeGreeting(read);
  if (verdict === 'ok') return pass(PASSED);
  if (read.outcome === 'fin' || read.outcome === 'rst' || read.outcome === 'closed') {
    const crashed = await judgeCrash(program, DID, EXPECTED);
    if (crashed) return crashed;
  }
  const server = describeServerSide(h.kernel.serverSide(peer, program.port));
  return fail({ did: DID, expected: EXPECTED, saw: describeGreeting(verdict, read, server), cause: explainGreeting(verdict, h) });
}

/** The "saw" part: what arrived instead of WELCOME\n, and how the connection stood. */
export function describeGreeting(verdict: Exclude<GreetingVerdict, 'ok'>, read: LineRead, serverSide: string): string {
  const ending = { fin: 'then your program closed the connection (FIN)', rst: 'then the connection was reset (RST)', closed: 'then the connection closed' } as Record<string, string>;
  switch (verdict) {
    case 'silent':
      return read.evidence ? `nothing arrived: ${read.evidence}` : `nothing arrived within ${REPLY_IDLE_MS / 1000} s; ${serverSide}`;
    case 'closed':
      return `nothing arrived, ${ending[read.outcome] ?? 'then the connection ended'}`;
    case 'unterminated':
      return `"${previewBytes(read.data)}" arrived, and no newline after it within ${REPLY_IDLE_MS / 1000} s`;
    case 'wrong':
      return `the first ${formatBytes(read.data.length)} ${read.data.length === 1 ? 'was' : 'were'} "${previewBytes(read.data, 60)}"${ending[read.outcome] ? `, ${ending[read.outcome]}` : ''}`;
  }
}

export function explainGreeting(verdict: Exclude<GreetingVerdict, 'ok'>, h: Pick<Harness, 'language'>): string {
  const speakFirst = advise(h.language, {
    node: 'call socket.write(\'WELCOME\\n\') first thing in the connection listener, before anything waits for \'data\'',
    python: 'call conn.sendall(b"WELCOME\\n") right after accept(), before the first recv() (through a makefile() file object, flush() it)',
  });
  switch (verdict) {
    case 'silent':
      return `your server waits for the client to speak first, but in this protocol the server speaks first, and a client may wait for the greeting before it sends anything: ${speakFirst}`;
    case 'closed':
      return `your server closed the connection without greeting: ${speakFirst}, and close only after the answer`;
    case 'unterminated':
      return 'the greeting is a line: send the newline with it, "WELCOME\\n"';
    case 'wrong':
      return `the first line your server sends must be exactly "WELCOME\\n" (capitals, no \\r, nothing before it): ${speakFirst}`;
  }
}
