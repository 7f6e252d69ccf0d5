// What the unix, ipv4 and ipv6 checks share: start a copy that serves one endpoint, connect one
// client there, read until the server closes, and judge the line and the close.
import { crashDetails, describeAcceptQueue, describeServerSide, exitIfEnding, fail, formatAddress, isCrash, pass, type ConnectError, type Harness, type Program, type StreamPeer, type Verdict, settleOutput } from '../../../grader/sdk.ts';
import { expectedLine, hintFor, judgeAnswer, kernelEnd, type Client, type Family } from './answer.ts';
import { ANSWER_WITHIN_MS, describeCause, describeSaw } from './answer-words.ts';
import { describeView, endpointWords, lookAt, type EndpointName } from './listeners.ts';
import { collidedWithItself, crashedAfterStart, notServingVerdict } from './not-serving.ts';
import { waitUntilIdle } from './settle.ts';
import { isServing, startServing } from './start-endpoint.ts';

/** More than any right answer: a program that floods is judged on what came first. */
const MAX_ANSWER_BYTES = 4096;

const ENDPOINT: Record<Family, EndpointName> = { unix: 'unix', ipv4: 'tcp', ipv6: 'tcp6' };

export async function checkEndpoint(h: Harness, family: Family): Promise<Verdict> {
  const endpoint = ENDPOINT[family];
  const started = await startServing(h, endpoint);
  if (!isServing(started)) return notServingVerdict(h, endpoint, started);
  const program = started;
  // A copy that crashes while still setting up (after this endpoint, before the next) fails every check alike.
  await waitUntilIdle(h, program);
  if (program.exitInfo()) {
    await settleOutput(program);
    return crashedAfterStart(program, h.language);
  }
  const target = family === 'unix' ? { path: h.socketPath } : { host: family === 'ipv4' ? '127.0.0.1' : '::1', port: program.port };
  const attempt = await h.tryConnect(`${family} client`, target);
  if (!('localPort' in attempt)) return refusedVerdict(h, endpoint, program, attempt);
  const peer = attempt;
  const client: Client = { family, address: peer.localAddress, port: peer.localPort };
  const got = await peer.readUntilEnd(ANSWER_WITHIN_MS, ANSWER_WITHIN_MS, MAX_ANSWER_BYTES);
  // Node alone cannot always tell a reset from a FIN: the server's side of an orderly close waits in FIN_WAIT.
  const kernel = family !== 'unix' && got.outcome === 'fin' ? kernelEnd(h.kernel.available, h.kernel.serverSide(peer, program.port)?.state) : 'unknown';
  const expected = expectedLine(client);
  const problem = judgeAnswer(expected, got.data, got.outcome, kernel);
  if (!problem) return pass(`answered ${JSON.stringify(expected)}, then closed with a FIN`);
  const where = endpointWords(endpoint, program.port, h.socketPath);
  const did = family === 'unix'
    ? `connected a client to ${where} and read what came until your side closed, for up to ${ANSWER_WITHIN_MS / 1000} s`
    : `connected a client from ${formatAddress(client.address, client.port)} to ${where} and read what came until your side closed, for up to ${ANSWER_WITHIN_MS / 1000} s`;
  // A connection that ended without the line may have ended with the program.
  if (problem.kind === 'silent' && problem.end !== 'timeout' && problem.end !== 'deadline' && isCrash(await exitIfEnding(program))) {
    await settleOutput(program);
    return collidedWithItself(program.output.text(), program.port, program.socketPath) ? crashedAfterStart(program, h.language) : fail(crashDetails(program, did));
  }
  const context = { client, serverPort: program.port, language: h.language, serverSide: describeSide(h, family, peer, program) };
  // Where a dual-stack listener answered, the kernel shows it: one socket on [::], none on 127.0.0.1.
  const mapped = problem.kind === 'wrong-line' && hintFor(client, problem.line, program.port) === 'mapped';
  return fail({
    did,
    expected: `the line ${JSON.stringify(expected)}, then your FIN (an orderly close)`,
    saw: mapped ? `${describeSaw(problem, context)}; ${describeView(lookAt(h, program.port, program.socketPath), program.port)}` : describeSaw(problem, context),
    cause: describeCause(problem, context),
  });
}

/** The server's side of this client's connection as the kernel shows it (TCP), or the Unix listener's queue. */
function describeSide(h: Harness, family: Family, peer: StreamPeer, program: Program): string {
  if (family === 'unix') return describeUnixSide(h.kernel.available, h.kernel.unixAt(h.socketPath));
  const side = h.kernel.serverSide(peer, program.port);
  const listening = family === 'ipv4' ? ['127.0.0.1', '0.0.0.0', '::'] : ['::1', '::'];
  const listener = h.kernel.listenersOn(program.port).find((s) => listening.includes(s.localAddress));
  return listener && listener.rxQueue > 0 ? describeAcceptQueue(listener) : describeServerSide(side);
}

/** A Unix listener's connections: accepted ones are CONNECTED with an inode; queued ones have none yet. */
export function describeUnixSide(available: boolean, sockets: { inode: number; listening: boolean }[]): string {
  if (!available) return 'the kernel\'s view of Unix sockets cannot be read on this system';
  const queued = sockets.filter((s) => !s.listening && s.inode === 0).length;
  if (queued > 0) return `${queued} connection${queued === 1 ? '' : 's'} wait${queued === 1 ? 's' : ''} in your Unix listener's accept queue: your program never accepted ${queued === 1 ? 'it' : 'them'}`;
  if (!sockets.some((s) => s.listening)) return 'nothing listens on SOCKET_PATH any more';
  return 'your program accepted the connection and holds it open';
}

async function refusedVerdict(h: Harness, endpoint: EndpointName, program: Program, err: ConnectError): Promise<Verdict> {
  const where = endpointWords(endpoint, program.port, h.socketPath);
  const did = `connected a client to ${where}, where your program had been listening`;
  if (await exitIfEnding(program)) {
    await settleOutput(program);
    return crashedAfterStart(program, h.language);
  }
  if (err.code === 'ECONNRESET') {
    // Accepted, written to and reset before the client's connect() had returned: whatever came was thrown away.
    const reset = { kind: 'reset' as const, byKernel: false };
    const context = { client: { family: endpoint === 'tcp' ? 'ipv4' as const : 'ipv6' as const, address: '', port: 0 }, serverPort: program.port, language: h.language, serverSide: '' };
    return fail({ did: `connected a client to ${where}`, expected: 'the client to connect and read one line, then your FIN', saw: 'the connection was reset (RST) as soon as it was made, before the client could read anything (ECONNRESET)', cause: describeCause(reset, context) });
  }
  const view = lookAt(h, program.port, program.socketPath);
  const v6only = endpoint === 'tcp' && view.tcp.length > 0 && view.tcp.every((a) => a === '::');
  return fail({
    did,
    expected: 'the client to connect',
    saw: `the connection was refused (${err.code}); ${describeView(view, program.port)}`,
    cause: v6only
      ? 'your listener on the IPv6 wildcard "::" is IPv6-only (IPV6_V6ONLY is 1, which Python takes from /proc/sys/net/ipv6/bindv6only unless you set it), so it takes no IPv4 clients: listen on 127.0.0.1 with a socket of its own'
      : `your server stopped listening on ${where} after it started: keep every listener open until SIGTERM`,
  });
}
