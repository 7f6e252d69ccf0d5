// Whether a line the server sent shows up on the program's stdout as a line of its own.
import { activeNow, settleOutput, sleep, type Program } from '../../../grader/sdk.ts';

/** 'line': a line of its own; 'inside': only within a longer line (a repr, a prefix); 'absent'. */
export type Printed = 'line' | 'inside' | 'absent';

/** Pure: other lines are allowed, and so are trailing spaces and a '\r' before the newline. */
export function judgePrinted(stdout: string, line: string): Printed {
  if (stdout.split('\n').some((l) => l.trimEnd() === line)) return 'line';
  return stdout.includes(line) ? 'inside' : 'absent';
}

/** The printed line that holds `line`, for a message. */
export function findLine(stdout: string, line: string): string | undefined {
  return stdout.split('\n').find((l) => l.includes(line));
}

/** Waits up to `ms` of active time for `line` on stdout; ends early once it is there, or once the program has ended. */
export async function waitForLine(program: Program, line: string, ms: number): Promise<Printed> {
  const deadline = activeNow() + ms;
  for (;;) {
    const printed = judgePrinted(program.stdout.text(), line);
    if (printed === 'line') return printed;
    if (program.exitInfo()) {
      await settleOutput(program);
      return judgePrinted(program.stdout.text(), line);
    }
    if (activeNow() >= deadline) return printed;
    await sleep(10);
  }
}
