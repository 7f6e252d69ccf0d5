// Helpers checks use to ask what became of the program: did it end, and how.
import type { ExitInfo, RunningProgram } from '../process/launch-program.ts';
import { within } from '../timing.ts';
import { ConnectError, type TcpPeer } from '../net/tcp-peer.ts';

/** Waits up to `ms` for the program to end; resolves with its exit, or undefined if it is still running. */
export function exitWithin(program: RunningProgram, ms: number): Promise<ExitInfo | undefined> {
  return within(program.exited, ms);
}

/** How long a crash may take to show after its cause (a reset read, a closed socket). */
export const CRASH_GRACE_MS = 1000;

/**
 * After a connection attempt: if it was refused or reset, the program may be on its way out, so
 * wait briefly for its exit; if it connected, say what is known now. Undefined: still running.
 */
export function exitAfterConnect(program: RunningProgram, attempt: TcpPeer | ConnectError): Promise<ExitInfo | undefined> {
  const failed = attempt instanceof ConnectError && (attempt.code === 'ECONNREFUSED' || attempt.code === 'ECONNRESET');
  return failed ? exitWithin(program, CRASH_GRACE_MS) : Promise.resolve(program.exitInfo());
}
