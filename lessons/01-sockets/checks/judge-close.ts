// Pure: how the client ended the conversation, from what the server's connection saw, the kernel's
// view of the client's end once both sides had closed, and the program's exit.
import type { Ending } from './conversation.ts';

export type CloseProblem = 'no-fin' | 'rst' | 'rst-after-fin' | 'still-running' | 'exit-status';

export interface CloseFacts {
  /** How the client's side ended within the bound; undefined when it had not by then. */
  ending: Ending | undefined;
  /** After the server's own FIN: TIME_WAIT on an end (fin), no socket left at all (rst), or not known. */
  kernel: 'fin' | 'rst' | 'unknown';
  /** The server's connection saw a reset after the client's FIN. */
  rstAfterFin: boolean;
  exit: { code: number | null; signal: string | null } | undefined;
}

/** The first thing wrong with the close, in the order it happened; undefined for FIN, no RST, exit 0. */
export function judgeClose(f: CloseFacts): CloseProblem | undefined {
  if (f.ending === 'rst') return 'rst';
  if (f.ending !== 'fin') return 'no-fin';
  // A reset Node took for the end of the stream shows in the kernel: no TIME_WAIT on either end.
  if (f.rstAfterFin || f.kernel === 'rst') return 'rst-after-fin';
  if (!f.exit) return 'still-running';
  if (f.exit.code !== 0 || f.exit.signal) return 'exit-status';
  return undefined;
}

/** True when a reset came after the FIN in a connection's transcript. */
export function resetAfterFin(events: { type: string }[]): boolean {
  const fin = events.findIndex((e) => e.type === 'fin-received');
  return fin !== -1 && events.slice(fin + 1).some((e) => e.type === 'rst-received');
}

/** True when the server sent bytes after the client's FIN: a client that had closed (not just shut down) never reads them. */
export function sentAfterFin(events: { type: string }[]): boolean {
  const fin = events.findIndex((e) => e.type === 'fin-received');
  return fin !== -1 && events.slice(fin + 1).some((e) => e.type === 'sent');
}
