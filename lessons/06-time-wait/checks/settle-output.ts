// A program's exit can be reported before the last bytes it wrote have been read from its pipes
// (the exit and the pipes' data are separate events): before judging what it printed, let that settle.
import { activeNow, sleep, type Program } from '../../../grader/sdk.ts';

const SETTLE_STEP_MS = 25;
const SETTLE_MAX_MS = 500;

/** Waits until the program's output has stopped growing for one step (bounded). */
export async function settleOutput(program: Program): Promise<void> {
  const deadline = activeNow() + SETTLE_MAX_MS;
  let seen = -1;
  while (program.output.total !== seen && activeNow() < deadline) {
    seen = program.output.total;
    await sleep(SETTLE_STEP_MS);
    // A late timer runs before the loop polls for I/O: let one poll phase (pipe data) come first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
