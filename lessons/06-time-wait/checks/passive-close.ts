// passive-close: 20 WAIT clients each read the time and then close first; the server closes after
// them, so no TIME_WAIT entry is left on the server's own port (the clients' ports collect them).
import { activeNow, advise, defineCheck, describeServerSide, fail, pass, skip, sleep, type Harness, type Program, type StreamPeer } from '../../../grader/sdk.ts';
import { ask, describeMissingAnswer, type Answer } from './answer.ts';
import { closesSettled, countTimeWait, plural } from './time-wait-count.ts';

export const CLIENTS = 20;
/** How many clients are connected and waiting for their answers at once. */
const LANES = 4;
/** How long a client waits after the answer before it closes: a server that closes first has sent its FIN by then. */
export const LINGER_MS = 100;
/** How long the server has to close its side after a client's FIN. */
export const CLOSE_WITHIN_MS = 2000;
const SETTLE_MS = 1000;

interface Client {
  peer: StreamPeer;
  /** The server's FIN came before the client closed: the server closed first. */
  serverFirst: boolean;
  end: 'fin' | 'rst' | 'timeout';
}

const DID = `connected ${CLIENTS} clients, ${LANES} at a time; each sent "WAIT\\n", read the time, waited ${LINGER_MS} ms and then closed first (FIN)`;

export const passiveClose = defineCheck({
  id: 'passive-close',
  title: 'lets WAIT clients close first (no TIME_WAIT on its port)',
  hints: [
    'On WAIT, who is meant to close first, and does your server wait for it?',
    'Here the client closes first, so the TIME_WAIT record lands on its port, not yours. Your server closes only after the client\'s FIN, and promptly, or its side stays in CLOSE_WAIT (lesson: "Who collects TIME_WAIT").',
    'Node: on WAIT, socket.write(answer), not socket.end(answer), and socket.end() in the \'end\' handler. Python: after sendall(), recv() until it returns b\'\', then close.',
  ],
  async run(h) {
    const program = await h.start();
    const closing: Promise<Client>[] = [];
    let unanswered: { answer: Extract<Answer, { missing: unknown }>; served: number } | undefined;
    // A few clients at a time: quick, and within even a small backlog (listen(5)).
    const lane = async (first: number) => {
      for (let i = first; i <= CLIENTS && !unanswered; i += LANES) {
        const peer = await h.connect(`WAIT client ${i}`);
        const answer = await ask(h, program, peer, 'WAIT');
        if ('missing' in answer) unanswered ??= { answer, served: closing.length };
        else closing.push(closeAfterLinger(peer));
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n + 1)));
    if (unanswered) return judgeUnanswered(h, program, unanswered.answer, unanswered.served);
    const clients = await Promise.all(closing);
    const ports = clients.map((c) => c.peer.localPort);
    const reset = clients.filter((c) => c.end === 'rst');
    const open = clients.filter((c) => c.end === 'timeout');
    if (open.length) {
      return fail({
        did: DID,
        expected: `your server to close its side after each client's FIN, within ${CLOSE_WITHIN_MS / 1000} s`,
        saw: `${plural(open.length, 'connection')} of ${CLIENTS} got no FIN from your server; the first one: ${describeServerSide(h.kernel.serverSide(open[0]!.peer))}`,
        cause: `your server never closes a WAIT connection after its client has left (CLOSE_WAIT): ${advise(h.language, {
          node: 'in the socket\'s \'end\' event (the client\'s FIN), call socket.end()',
          python: 'when recv() returns b\'\' (the client\'s FIN), leave the loop and close the connection',
        })}`,
      });
    }
    if (reset.length) {
      return fail({
        did: DID,
        expected: 'an orderly close from your server after each client\'s FIN (its own FIN)',
        saw: `${plural(reset.length, 'connection')} of ${CLIENTS} ${reset.length === 1 ? 'was' : 'were'} reset (RST) by your server`,
        cause: `close normally after the client's FIN: ${advise(h.language, { node: 'socket.end(), not socket.resetAndDestroy()', python: 'conn.close() without SO_LINGER set to 0' })}`,
      });
    }
    if (!h.kernel.available) return pass(`${CLIENTS} WAIT clients closed first and your server closed after them; the kernel's table cannot be read here to count TIME_WAIT`);
    await settle(h, program.port, ports);
    const { onServer } = countTimeWait(h.kernel.tcpOnPort(program.port), program.port, ports);
    if (onServer === 0) return pass(`${CLIENTS} WAIT clients closed first: no TIME_WAIT on port ${program.port}`);
    const clientSides = ports.flatMap((p) => h.kernel.tcpOnPort(p));
    const { onClients } = countTimeWait(clientSides, program.port, ports);
    const first = clients.filter((c) => c.serverFirst).length;
    return fail({
      did: DID,
      expected: `no TIME_WAIT entry on port ${program.port}: the side that closes first keeps TIME_WAIT, and here the clients close first`,
      saw: `${plural(onServer, 'TIME_WAIT entry', 'TIME_WAIT entries')} on your port ${program.port} and ${onClients} on the clients' ports; ${first} of the ${CLIENTS} clients had received your FIN before they closed${first > 0 ? ': your server closed first' : ''}`,
      cause: `on WAIT your server closes first, like on TIME. ${advise(h.language, {
        node: 'On WAIT, answer with socket.write(answer), not socket.end(answer), and call socket.end() in the \'end\' handler, after the client\'s FIN',
        python: 'On WAIT, after sendall() keep reading until recv() returns b\'\' (the client\'s FIN), and only then close',
      })}`,
    });
  },
});

/** The client waits a little for a FIN that a server closing first would send, then closes its side and waits for the server's. */
async function closeAfterLinger(peer: StreamPeer): Promise<Client> {
  const early = await peer.waitForEnd(LINGER_MS);
  peer.halfClose();
  if (early !== 'timeout') return { peer, serverFirst: early === 'fin', end: early };
  return { peer, serverFirst: false, end: await peer.waitForEnd(CLOSE_WITHIN_MS) };
}

/** Waits (bounded) until the kernel has finished closing these connections: TIME_WAIT where it will be. */
async function settle(h: Harness, port: number, clientPorts: number[]): Promise<void> {
  const deadline = activeNow() + SETTLE_MS;
  while (activeNow() < deadline && !closesSettled(h.kernel.tcpOnPort(port), port, clientPorts)) await sleep(5);
}

/** A WAIT without an answer is this check's failure, unless TIME gets none either: serves-and-closes owns that. */
async function judgeUnanswered(h: Harness, program: Program, answer: Extract<Answer, { missing: unknown }>, served: number) {
  const saw = describeMissingAnswer(answer, program);
  if (!program.exitInfo()) {
    const probe = await h.tryConnect('TIME client');
    const time = 'localPort' in probe ? await ask(h, program, probe, 'TIME') : undefined;
    if (!time || 'missing' in time) return skip(`no answer to WAIT (${saw}), nor to TIME: serves-and-closes judges the answer`);
  }
  return fail({
    did: served === 0 ? 'connected and sent "WAIT\\n"' : `served ${served} WAIT clients, then connected another and sent "WAIT\\n"`,
    expected: 'one line with the current time, and the connection left open for the client to close',
    saw,
    cause: program.exitInfo()
      ? 'your program ended: see its last lines below'
      : `answer WAIT with the time as you answer TIME, then wait for the client to close: ${advise(h.language, { node: 'socket.write(answer)', python: 'conn.sendall(answer), then recv() until it returns b\'\'' })}`,
  });
}
