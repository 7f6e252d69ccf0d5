// What the grader says about itself and its limits: internal errors, its own stalls, caps, escapees.
import { makeVisible } from '../process/output-tail.ts';

export function internalErrorMessage(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `internal error in the grader (not your program's fault): ${text}\nPlease report it with the command you ran.`;
}

export function checkBoundExceeded(ms: number): string {
  return `the check did not finish within the grader's bound of ${ms / 1000} s; this is a grader limit, the result says nothing about your program`;
}

/** A check whose verdict cannot be trusted because the grader itself was not running for part of it. */
export function graderStalled(stalledMs: number, longestMs: number): string {
  return `the grader itself was stalled for ${(stalledMs / 1000).toFixed(1)} s during this check (the longest pause ${(longestMs / 1000).toFixed(1)} s: the machine is overloaded, or the grader was suspended), twice in a row, so it cannot judge your program fairly; this says nothing about your program: run the grader again on a quieter machine`;
}

export function describeEscapee(p: { pid: number; command: string }, port: number): string {
  return `a process of your program (pid ${p.pid}, "${makeVisible(p.command.replace(/\n/g, ' ')).slice(0, 120)}") left the program's process group (setsid) and still held port ${port} after the program was stopped; the grader killed it`;
}

export function describeLimit(hit: string): { did: string; expected: string; saw: string; cause: string } {
  return {
    did: 'ran your program under the grader\'s limits',
    expected: 'your program to stay within them',
    saw: hit,
    cause: 'memory that grows without end: look for data kept per message or per connection and never released (an ever-growing buffer, a list of every chunk, queued writes to a client that does not read)',
  };
}

export function outputCapped(printed: number, cap: number): string {
  return `your program printed ${Math.round(printed / 1024)} KiB during this check; the grader keeps only the last ${cap / 1024} KiB of a program's output, so its earlier lines are not shown`;
}
