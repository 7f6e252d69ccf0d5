// The reference server's side of lesson 1, played with one freshly started client: listen on
// HOST:PORT, accept, greet in two segments split inside the token (the second only once the client
// has read the first), read the reply line, send the verdict, and close only after the client's
// FIN. The server plays on its own; each check waits for the milestone it judges, with its bound.
import { within, type Harness, type Program, type ReadResult, type ReferenceServer, type StreamPeer } from '../../../grader/sdk.ts';
import { ephemeralRange, waitUntilRead, type Ends } from './client-kernel.ts';
import { makeToken, verdictFor } from './protocol.ts';

export const CONNECT_WITHIN_MS = 5000;
export const REPLY_WITHIN_MS = 3000;
/** After the verdict is sent: the client's stdout shows it, and the client's FIN comes, each within this. */
export const VERDICT_PRINTED_WITHIN_MS = 2000;
export const CLOSE_WITHIN_MS = 2000;
/** After the server's FIN: the program exits within this. */
export const EXIT_WITHIN_MS = 2000;
/** Once both FINs are out, how long the ends may take to reach their final states (microseconds on loopback). */
export const SETTLE_MS = 1000;
/** How long the server waits for the client to read the greeting's first segment. */
const READ_WITHIN_MS = 2000;
const MAX_REPLY_BYTES = 1024;
/** After the program has ended, how long a connection it made may still take to come out of accept(). */
const AFTER_EXIT_MS = 300;
const EXITED: unique symbol = Symbol('exited');
/** How long the server waits for the client's FIN; every check's own bound is shorter. */
const END_WAIT_MS = 25_000;

export interface Reply {
  /** The reply line without its '\n'; undefined when no complete line came. */
  line?: string;
  data: Buffer;
  outcome: ReadResult['outcome'];
  /** Bytes of the reply that had come before the greeting's second segment was sent. */
  early: number;
}

export type Ending = 'fin' | 'rst' | 'timeout';

export interface Conversation extends Ends {
  program: Program;
  server: ReferenceServer;
  token: string;
  /** How many of the token's characters the first segment carried. */
  split: number;
  /** The accepted connection (the server's end); undefined when none came within CONNECT_WITHIN_MS. */
  connection?: StreamPeer;
  range?: [number, number];
  /** Whether the client had read the first segment when the second was sent. */
  firstPart?: 'read' | 'unread' | 'unknown' | 'ended';
  reply: Promise<Reply>;
  /** The verdict line sent (without '\n'); undefined when there was no reply line to judge. */
  verdict: Promise<string | undefined>;
  /** How the client ended its side: the server closes its own at once after a FIN. */
  ending: Promise<Ending>;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  // A check that returns early never awaits the later milestones: their failure must not go unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Cuts a wait short (resolving undefined) on evidence that what it waits for is not coming. */
export type Patience = <T>(program: Program, wait: Promise<T>) => Promise<T | undefined>;

/**
 * Starts the server and the client program, and waits for the connection; the rest plays in the
 * background. With `patience`, the wait for the connection may end before its bound.
 */
export async function converse(h: Harness, patience?: Patience): Promise<Conversation> {
  const { token, split } = makeToken(h.rng);
  const server = await h.serve();
  const program = await h.startClient(server);
  const waiting = firstConnection(server, program);
  const connection = patience ? await patience(program, waiting) : await waiting;
  const reply = deferred<Reply>();
  const verdict = deferred<string | undefined>();
  const ending = deferred<Ending>();
  const c: Conversation = {
    program, server, token, split, connection,
    clientPort: connection?.remotePort ?? 0,
    serverPort: server.port,
    range: ephemeralRange(),
    reply: reply.promise,
    verdict: verdict.promise,
    ending: ending.promise,
  };
  if (!connection) {
    reply.resolve({ data: Buffer.alloc(0), outcome: 'closed', early: 0 });
    verdict.resolve(undefined);
    ending.resolve('timeout');
    return c;
  }
  void play(h, c, connection, { reply: reply.resolve, verdict: verdict.resolve, ending: ending.resolve }).catch((err: unknown) => {
    for (const d of [reply, verdict, ending]) d.reject(err);
  });
  return c;
}

/** The client's connection; a program that ends first is not waited for (beyond a moment for a connection still being accepted). */
async function firstConnection(server: ReferenceServer, program: Program): Promise<StreamPeer | undefined> {
  const pending = server.nextConnection(CONNECT_WITHIN_MS);
  const first = await Promise.race([pending, program.exited.then((): typeof EXITED => EXITED)]);
  return first === EXITED ? within(pending, AFTER_EXIT_MS) : first;
}

interface Settle {
  reply(r: Reply): void;
  verdict(v: string | undefined): void;
  ending(e: Ending): void;
}

async function play(h: Harness, c: Conversation, conn: StreamPeer, settle: Settle): Promise<void> {
  conn.send(`HELLO ${c.token.slice(0, c.split)}`);
  c.firstPart = await waitUntilRead(h, conn, c, READ_WITHIN_MS);
  const early = conn.pendingBytes;
  conn.send(`${c.token.slice(c.split)}\n`);
  const got = await conn.readLine(REPLY_WITHIN_MS, MAX_REPLY_BYTES, REPLY_WITHIN_MS);
  const complete = got.outcome === 'complete' && got.data.at(-1) === 0x0a;
  const line = complete ? got.data.subarray(0, -1).toString('utf8') : undefined;
  settle.reply({ ...(line !== undefined ? { line } : {}), data: got.data, outcome: got.outcome, early });
  let verdict: string | undefined;
  if (line !== undefined) {
    verdict = verdictFor(line, c.token, c.split, { peerPort: c.clientPort, serverPort: c.serverPort, ...(c.range ? { range: c.range } : {}) });
    conn.send(`${verdict}\n`);
  }
  settle.verdict(verdict);
  const end = await conn.waitForEnd(END_WAIT_MS);
  // Close our side at once after the client's: a client that waits for it (Node's default) ends only then.
  if (end === 'fin') conn.halfClose();
  settle.ending(end);
}
