// A program's last lines, complete before a check quotes them. The engine reports an exit once the
// program's pipes have closed, so this is instant; only when something else kept them open (a child
// that left the group) does it wait for the output to stop growing, briefly.
import type { Program } from '../runner/start-program.ts';
import { activeNow, sleep } from '../timing.ts';

const QUIET_STEP_MS = 25;
const SETTLE_MAX_MS = 500;

export async function settleOutput(program: Program): Promise<void> {
  if (program.exitInfo()?.outputComplete) return;
  const deadline = activeNow() + SETTLE_MAX_MS;
  let seen = -1;
  while (program.output.total !== seen && activeNow() < deadline) {
    seen = program.output.total;
    await sleep(QUIET_STEP_MS);
    // A late timer runs before the loop polls for I/O: let one poll phase (pipe data) come first.
    await new Promise((resolve) => setImmediate(resolve));
    if (program.exitInfo()?.outputComplete) return;
  }
}
