// Why a program did not start: it did not compile, ended first, bound somewhere unreachable, or never bound.
import { CheckFailure } from '../errors.ts';
import type { RunningProgram } from '../process/launch-program.ts';
import { describeEndpoint, formatAddress, type Endpoint } from '../runner/endpoints.ts';
import { describeExit } from './program.ts';

export interface StartContext {
  program: RunningProgram;
  /** The environment the grader gave it (HOST, PORT, SOCKET_PATH, lesson variables). */
  env: Record<string, string>;
  port: number;
  endpoints: Endpoint[];
}

function started(c: StartContext): string {
  const vars = Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ');
  return `started your program (${c.program.display}) with ${vars}`;
}

function expectedBound(c: StartContext): string {
  const what = c.endpoints.map((e) => describeEndpoint(e, c.port)).join(', ');
  return `it to ${c.endpoints.every((e) => e.kind === 'udp') ? 'bind' : 'listen on'} ${what} and keep running`;
}

export function compileFailed(message: string): CheckFailure {
  return new CheckFailure({
    did: 'compiled your program before starting it',
    expected: 'TypeScript that compiles',
    saw: message,
    cause: /Could not resolve/.test(message)
      ? 'an import could not be found: check its path (relative imports start with ./) or install the package'
      : 'fix the syntax error at the line shown',
  }, 'startup');
}

export function exitedBeforeReady(c: StartContext): CheckFailure {
  const inUse = /EADDRINUSE|address already in use/i.test(c.program.output.text());
  return new CheckFailure({
    did: started(c),
    expected: expectedBound(c),
    saw: `it ${describeExit(c.program.exitInfo())} without ever ${c.endpoints.every((e) => e.kind === 'udp') ? 'binding' : 'listening'}`,
    cause: inUse
      ? `its bind() failed with "address already in use", but nothing used port ${c.port}, which the grader chose for it: your program binds another port; read the port from the environment (Number(process.env.PORT); Python: int(os.environ["PORT"])) and the host from HOST`
      : 'the program ended before it was ready: look at its output below for an error, and check that it does not exit after setting up',
  }, 'startup');
}

export function boundElsewhere(c: StartContext, elsewhere: { address: string; port: number }[]): CheckFailure {
  const where = elsewhere.map((s) => formatAddress(s.address, s.port)).join(', ');
  const wrongPort = elsewhere.every((s) => s.port !== c.port);
  const host = c.endpoints.find((e): e is Extract<Endpoint, { host: string }> => e.kind !== 'unix');
  return new CheckFailure({
    did: started(c),
    expected: expectedBound(c),
    saw: `your program is running and bound to ${where}, which a client of ${host ? formatAddress(host.host, c.port) : `port ${c.port}`} cannot reach`,
    cause: wrongPort
      ? 'read the port from the environment: Number(process.env.PORT) (Python: int(os.environ["PORT"])), instead of a fixed number'
      : `bind to the address in HOST${host ? ` (${host.host})` : ''}: a name like "localhost" may resolve to another address, such as ::1`,
  }, 'startup');
}

export function neverReady(c: StartContext, missing: Endpoint[], waitedMs: number): CheckFailure {
  return new CheckFailure({
    did: started(c),
    expected: expectedBound(c),
    saw: `nothing on ${missing.map((e) => describeEndpoint(e, c.port)).join(', ')} after ${waitedMs / 1000} s, and the program is still running`,
    cause: 'the program never got there: is it waiting for something first (input, a fixed sleep), or does it bind another address or path?',
  }, 'startup');
}
