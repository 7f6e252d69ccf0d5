// Helpers checks use to ask what became of the program: did it end, and how.
import type { ExitInfo, RunningProgram } from '../process/launch-program.ts';
import { within } from '../timing.ts';

/** Waits up to `ms` for the program to end; resolves with its exit, or undefined if it is still running. */
export function exitWithin(program: RunningProgram, ms: number): Promise<ExitInfo | undefined> {
  return within(program.exited, ms);
}

/** How long a crash may take to show after its cause (a reset read, a closed socket). */
export const CRASH_GRACE_MS = 1000;
