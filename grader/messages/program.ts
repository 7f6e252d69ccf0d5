// How a program ended, in words: with its code or signal, and how long after what.
import type { ExitInfo } from '../process/launch-program.ts';

/** `since` names the event the time is counted from, with its performance.now() stamp. */
export interface Since {
  what: string;
  at: number;
}

export function describeExit(exit: ExitInfo | undefined, since?: Since, startedAt?: number): string {
  if (!exit) return 'is still running';
  const after = since && startedAt !== undefined
    ? `${Math.max(0, Math.round(startedAt + exit.atMs - since.at))} ms after ${since.what}`
    : `${Math.round(exit.atMs)} ms after it started`;
  if (exit.signal) return `was killed by ${exit.signal} ${after}`;
  return `exited with code ${exit.code} ${after}`;
}

/** True when the program ended by itself in a way that looks like a crash (not a clean exit 0). */
export function isCrash(exit: ExitInfo | undefined): boolean {
  return !!exit && !exit.stoppedByGrader && (exit.code !== 0 || exit.signal !== null);
}

/** The first line of the output that looks like an error, to name the crash in one line. */
export function crashLine(outputText: string): string | undefined {
  const lines = outputText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const pattern = /^(?:\w*(?:Error|Exception)\b|Traceback|Uncaught|node:internal|panic|Segmentation fault)/;
  const error = [...lines].reverse().find((l) => /^\w*(?:Error|Exception)\b[:\s]/.test(l)) ?? lines.find((l) => pattern.test(l));
  return error;
}

/** A crash, named once: what it printed last that looks like an error, and how it ended. */
export function describeCrash(exit: ExitInfo, outputText: string, since?: Since, startedAt?: number): string {
  const line = crashLine(outputText);
  return `your program crashed: it ${describeExit(exit, since, startedAt)}${line ? `, after printing "${line.slice(0, 160)}"` : ''}`;
}
