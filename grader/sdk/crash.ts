// The crash check every lesson needs: did the program end by itself, and how, said once in the
// same words wherever it happens.
import { CRASH_GRACE_MS } from '../messages/connect.ts';
import { describeCrash, describeExit, isCrash, type Since } from '../messages/program.ts';
import type { Program } from '../runner/start-program.ts';
import type { FailureDetails, Verdict } from '../types.ts';

/**
 * After an event that may have killed the program (a reset, a closed connection), waits briefly for
 * its exit; a fail verdict when it crashed, undefined when it runs on (or ended cleanly).
 */
export async function crashVerdict(program: Program, did: string, since?: Since): Promise<Verdict | undefined> {
  const exit = await program.waitForExit(CRASH_GRACE_MS);
  if (!exit || !isCrash(exit)) return undefined;
  return { status: 'fail', details: crashDetails(program, did, since) };
}

/** The details of a crash that already happened. */
export function crashDetails(program: Program, did: string, since?: Since): FailureDetails {
  const exit = program.exitInfo()!;
  return {
    did,
    expected: 'your program to go on running',
    saw: describeCrash(exit, program.output.text(), since, program.startedAt),
    cause: 'your program crashed: the error and the line it happened on are in its last lines below; fix that error (a crash is never the way a server ends a connection)',
  };
}

export { describeExit, isCrash };
