// The verdict on a copy that never served the endpoint its check is about: it ended first (a crash,
// or its own listeners in each other's way), or it runs and listens elsewhere or nowhere.
import { lstatSync } from 'node:fs';
import { CheckFailure, advise, crashDetails, describeCrash, describeExit, fail, isCrash, type FailureDetails, type Harness, type Program, type Verdict } from '../../../grader/sdk.ts';
import { describeView, endpointWords, type EndpointName, type ListenView } from './listeners.ts';
import { READY_WITHIN_MS, type NotServing } from './start-endpoint.ts';

export const IN_USE = /EADDRINUSE|address already in use/i;

/**
 * EADDRINUSE on the copy's own port or path, which no other program used: its own listeners
 * collided. Node names the address it tried (another port means it ignored PORT); Python names none.
 */
export function collidedWithItself(output: string, port: number, socketPath = '\0'): boolean {
  if (!IN_USE.test(output) || output.includes(socketPath)) return false;
  return [...output.matchAll(/already in use \S*:(\d+)/gi)].every((m) => Number(m[1]) === port);
}

export function describeStart(env: Record<string, string>): string {
  return `started your program with ${['PORT', 'SOCKET_PATH'].filter((k) => env[k] !== undefined).map((k) => `${k}=${env[k]}`).join(' ')}`;
}

/** The cause when a copy runs without serving `endpoint`, by where it listens instead. */
export function causeNotListening(endpoint: EndpointName, view: ListenView, language: Parameters<typeof advise>[0], socketFile: boolean): string {
  if (endpoint === 'unix') {
    return socketFile
      ? `a socket file is at SOCKET_PATH, but nothing listens on it: ${advise(language, { node: 'call listen(socketPath) on a net.Server', python: 'call listen() after bind()' })}`
      : `listen on the path in SOCKET_PATH: ${advise(language, {
          node: 'a net.Server of its own, net.createServer(handler).listen(socketPath)',
          python: 'an AF_UNIX socket: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM), bind(SOCKET_PATH), listen()',
        })}`;
  }
  const v6 = endpoint === 'tcp6';
  if (v6 && view.tcp.includes('0.0.0.0')) return `0.0.0.0 is the IPv4 wildcard: it takes no IPv6 clients. Listen on ::1 too: ${listenAdvice(true, language)}`;
  const separate = v6 && view.tcp.includes('127.0.0.1') ? ' (IPv4 and IPv6 are separate protocols: a listener on 127.0.0.1 takes no IPv6 clients)' : '';
  return `listen on ${v6 ? '::1' : '127.0.0.1'} at PORT too, with a socket of its own: ${listenAdvice(v6, language)}${separate}`;
}

function listenAdvice(v6: boolean, language: Parameters<typeof advise>[0]): string {
  return advise(language, {
    node: `net.createServer(handler).listen(port, '${v6 ? '::1' : '127.0.0.1'}')`,
    python: `a socket.socket(socket.${v6 ? 'AF_INET6' : 'AF_INET'}, socket.SOCK_STREAM) bound to ("${v6 ? '::1' : '127.0.0.1'}", PORT)`,
  });
}

/** Its own listeners in each other's way: the grader's port and path are fresh, so nobody else held them. */
export function addressInUseAtStart(program: Program): FailureDetails {
  return {
    did: describeStart(program.env),
    expected: `it to listen on ${endpointWords('unix', program.port)}, 127.0.0.1:${program.port} and [::1]:${program.port}, and keep running`,
    saw: `${describeCrash(program.exitInfo()!, program.output.text(), undefined, program.startedAt)}: a bind() or listen() failed with "address already in use", though no other program used port ${program.port} or the path`,
    cause: 'two of your own listeners are in each other\'s way. Most often: a listener on the wildcard "::" (dual stack) also holds the IPv4 port, so a second one on 127.0.0.1 with the same port fails; listen on 127.0.0.1 and on ::1 (not "::"), which never collide. Or the same address is bound twice',
  };
}

/** The verdict for a copy that did not serve `endpoint`; throws the startup failure that every check shares. */
export function notServingVerdict(h: Harness, endpoint: EndpointName, ns: NotServing): Verdict {
  const { program, view } = ns;
  const exit = program.exitInfo();
  if (ns.startFailure && collidedWithItself(program.output.text(), program.port, program.socketPath)) throw new CheckFailure(addressInUseAtStart(program), 'startup');
  if (ns.startFailure) throw ns.startFailure;
  const where = endpointWords(endpoint, program.port);
  const did = `${describeStart(program.env)} and waited up to ${READY_WITHIN_MS / 1000} s for it to listen on ${where}`;
  if (exit) {
    return fail({
      did,
      expected: `it to listen on ${where} and keep running`,
      saw: `${describeCrash(exit, program.output.text(), undefined, program.startedAt)}, never having listened on ${where}`,
      cause: 'your program ended: the error and the line it happened on are in its last lines below',
    });
  }
  return fail({
    did,
    expected: `a listener on ${where} (each endpoint is judged on its own, whatever the other two do)`,
    saw: `nothing listened on ${where} after ${READY_WITHIN_MS / 1000} s, and your program is still running; ${describeView(view, program.port)}`,
    cause: causeNotListening(endpoint, view, h.language, endpoint === 'unix' && isSocketFile(h.socketPath)),
  });
}

/**
 * A copy that ended after it had listened, before the check's client got anywhere: a crash while
 * still setting up. Its own listeners colliding is the same startup failure in every check.
 */
export function crashedAfterStart(program: Program, language: Parameters<typeof advise>[0]): Verdict {
  if (collidedWithItself(program.output.text(), program.port, program.socketPath)) throw new CheckFailure(addressInUseAtStart(program), 'startup');
  const exit = program.exitInfo();
  if (exit && !isCrash(exit)) {
    return fail({
      did: describeStart(program.env),
      expected: 'it to keep running and serving until it is stopped',
      saw: `your program ${describeExit(exit)}, soon after it had started listening`,
      cause: advise(language, {
        node: 'a Node server runs as long as a server listens: is something closing your servers, or calling process.exit(), after setting up?',
        python: 'a server serves in a loop that never ends by itself: does your program leave its accept loop (or never enter one) after setting up?',
      }),
    });
  }
  return fail(crashDetails(program, describeStart(program.env)));
}

function isSocketFile(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}
