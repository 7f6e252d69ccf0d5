// A reference client that could not connect, in the student's terms: refused because the program
// ended or closed its listener, reset in the accept queue, or no answer at all.
import { CheckFailure } from '../errors.ts';
import type { ConnectError } from '../net/stream-peer.ts';
import type { Program } from '../runner/start-program.ts';
import { describeExit } from './program.ts';

/** How long a crash may take to show after its cause (a reset read, a closed socket). */
export const CRASH_GRACE_MS = 1000;

export async function describeConnectFailure(h: { program?: Program; host: string; port: number }, name: string, err: ConnectError): Promise<CheckFailure> {
  const program = h.program;
  const gone = err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || err.code === 'ENOENT';
  const exit = program && gone ? await program.waitForExit(CRASH_GRACE_MS) : program?.exitInfo();
  const status = program ? `; your program ${describeExit(exit)}` : '';
  const saw =
    err.code === 'ECONNREFUSED'
      ? `${name}'s connection was refused (ECONNREFUSED): nothing listened on ${h.host}:${h.port} any more${status}`
      : err.code === 'ECONNRESET'
        ? `${name}'s connection was reset (RST) before it was served: the listening socket closed while the connection waited in its accept queue${status}`
        : err.code === 'ENOENT'
          ? `${name} found no socket file to connect to${status}`
          : `${name}'s connection failed: ${err.message} (${err.code})${status}`;
  return new CheckFailure({
    did: `connected ${name}`,
    expected: `${name} to connect`,
    saw,
    cause: exit ? 'your program ended: see its last lines below' : 'your server must keep listening until it is stopped',
  });
}
