// The crash check every lesson needs: did the program end by itself, and how, said once in the
// same words wherever it happens.
import { hasEnded } from '../kernel/proc-processes.ts';
import { whatGroupIsDoing } from '../kernel/proc-syscall.ts';
import { CRASH_GRACE_MS } from '../messages/connect.ts';
import { crashLine, describeCrash, describeExit, isCrash, type Since } from '../messages/program.ts';
import type { Program } from '../runner/start-program.ts';
import { activeNow, sleep } from '../timing.ts';
import type { FailureDetails, Verdict } from '../verdict.ts';

/** How long every thread of a live program must sleep before we stop waiting for a crash. */
const CALM_MS = 100;

/**
 * After an event that may have killed the program (a reset, a closed connection): resolves with its
 * exit once it ends, or undefined once it is plainly living on (every thread asleep for a moment,
 * where /proc shows it) or after the grace.
 */
export async function exitIfEnding(program: Program): Promise<ReturnType<Program['exitInfo']>> {
  const deadline = activeNow() + CRASH_GRACE_MS;
  let calmSince: number | undefined;
  while (activeNow() < deadline) {
    if (program.exitInfo()) return program.exitInfo();
    if (hasEnded(program.pid)) return program.waitForExit(CRASH_GRACE_MS);
    const threads = whatGroupIsDoing(program.pid);
    const calm = threads.length > 0 && threads.every((t) => t.state === 'S');
    calmSince = calm ? (calmSince ?? activeNow()) : undefined;
    if (calmSince !== undefined && activeNow() - calmSince >= CALM_MS) return undefined;
    // Without /proc nothing tells a program living on from one about to end: wait out the grace.
    if (threads.length === 0) return program.waitForExit(Math.max(0, deadline - activeNow()));
    await sleep(10);
  }
  return program.exitInfo();
}

/** A fail verdict when the program crashed after an event that may have killed it; undefined when it runs on or ended cleanly. */
export async function crashVerdict(program: Program, did: string, since?: Since): Promise<Verdict | undefined> {
  const exit = await exitIfEnding(program);
  if (!exit || !isCrash(exit)) return undefined;
  return { status: 'fail', details: crashDetails(program, did, since) };
}

/** The details of a crash that already happened. */
export function crashDetails(program: Program, did: string, since?: Since, expected = 'your program to go on running'): FailureDetails {
  const exit = program.exitInfo()!;
  return {
    did,
    expected,
    saw: describeCrash(exit, program.output.text(), since, program.startedAt),
    cause: 'your program crashed: the error and the line it happened on are in its last lines below; fix that error (a crash is never the way a server ends a connection)',
    crash: crashLine(program.output.text()) ?? describeExit(exit),
  };
}

export { describeExit, isCrash };
