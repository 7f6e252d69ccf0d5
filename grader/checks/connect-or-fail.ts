// Connects a reference client or fails the check with the reason in the student's terms:
// refused because the program ended, because it closed its listener, or no answer at all.
import { CheckFailure } from '../errors.ts';
import { describeExit } from '../messages.ts';
import type { TcpPeer } from '../net/tcp-peer.ts';
import type { RunningProgram } from '../process/launch-program.ts';
import type { Harness } from '../runner/harness.ts';
import { exitAfterConnect } from './program-state.ts';

export async function connectOrFail(h: Harness, name: string, context: { did: string; cause: string }): Promise<TcpPeer> {
  const result = await h.tryConnect(name);
  if (!('code' in result)) return result;
  const exit = await exitAfterConnect(h.program!, result);
  const saw =
    result.code === 'ECONNREFUSED'
      ? `${name}'s connection was refused (ECONNREFUSED): nothing listened on ${h.host}:${h.port} any more; your program ${describeExit(exit)}`
      : result.code === 'ECONNRESET'
        ? `${name}'s connection was reset (RST) before it was served: the listening socket closed while the connection waited in its accept queue; your program ${describeExit(exit)}`
        : `${name}'s connection failed: ${result.message} (${result.code})`;
  throw new CheckFailure({ did: context.did, expected: `${name} to connect`, saw, cause: context.cause });
}

/** The opening of most server checks: start the program, connect the first client. */
export async function startAndConnect(h: Harness, name = 'client'): Promise<{ program: RunningProgram; peer: TcpPeer }> {
  const program = await h.startServer();
  const peer = await connectOrFail(h, name, { did: 'started your server and connected a client', cause: 'your server must keep listening until it is stopped' });
  return { program, peer };
}
