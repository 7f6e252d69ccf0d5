// Pure: how a client reported a refused connection: its exit (or none within the bound) and what
// it wrote on stderr. Exactly one line and exit status 1 is right; a hang, a stack trace, silence,
// or a status that says "success" is not.

export type RefusalVerdict =
  | { kind: 'ok'; line: string }
  | { kind: 'hang'; lines: string[] }
  | { kind: 'signal'; signal: string }
  | { kind: 'exit-0'; lines: string[] }
  | { kind: 'wrong-status'; code: number; lines: string[] }
  | { kind: 'silent' }
  | { kind: 'traceback'; of: 'python' | 'node'; lines: string[] }
  /** An error that is not the refusal (a typo, a NameError): the program never got as far as reporting. */
  | { kind: 'crash'; line: string; lines: string[] }
  | { kind: 'several'; lines: string[] };

/** The lines a person would count: blank lines (a trailing newline, an empty print) are not lines of text. */
export function textLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** How a refusal reads in an error line: Python's ConnectionRefusedError, Node's ECONNREFUSED, or the words. */
export const REFUSAL = /ConnectionRefused|ECONNREFUSED|[Cc]onnection refused/;

/** The last line that names an error ("NameError: …", "Error: connect …"), if the output has one. */
export function errorLine(text: string): string | undefined {
  return textLines(text).map((l) => l.trim()).reverse().find((l) => /^\w*(?:Error|Exception)\b[:\s]/.test(l));
}

/** Whose stack trace these lines are, if they are one. */
export function stackTraceOf(lines: string[]): 'python' | 'node' | undefined {
  if (lines.some((l) => l.startsWith('Traceback (most recent call last)'))) return 'python';
  if (lines.some((l) => /^\s+at .+/.test(l) || /Unhandled 'error' event/.test(l) || /^node:(?:events|internal)/.test(l))) return 'node';
  return undefined;
}

export function judgeRefusal(exit: { code: number | null; signal: string | null } | undefined, stderrText: string): RefusalVerdict {
  const lines = textLines(stderrText);
  if (!exit) return { kind: 'hang', lines };
  if (exit.signal) return { kind: 'signal', signal: exit.signal };
  const error = errorLine(stderrText);
  if (exit.code !== 0 && error && !REFUSAL.test(error)) return { kind: 'crash', line: error, lines };
  if (exit.code === 0) return { kind: 'exit-0', lines };
  if (exit.code !== 1) return { kind: 'wrong-status', code: exit.code ?? -1, lines };
  if (lines.length === 0) return { kind: 'silent' };
  const trace = stackTraceOf(lines);
  if (trace) return { kind: 'traceback', of: trace, lines };
  if (lines.length > 1) return { kind: 'several', lines };
  return { kind: 'ok', line: lines[0]! };
}

/** Several stderr lines, for a message: all of them when few, else the first and the last ones. */
export function quoteLines(lines: string[], max = 5): string {
  const cut = (l: string) => `"${(l.length > 140 ? `${l.slice(0, 140)}…` : l).trim()}"`;
  if (lines.length <= max) return lines.map(cut).join(' / ');
  return [...lines.slice(0, 2).map(cut), `… ${lines.length - 4} more lines …`, ...lines.slice(-2).map(cut)].join(' / ');
}

/** "1 line" / "14 lines" on stderr, quoted; a stack trace by the error line that names it (the whole trace is in the output below). */
export function describeLines(lines: string[]): string {
  if (lines.length === 0) return 'nothing on stderr';
  const trace = stackTraceOf(lines);
  const error = trace ? [...lines].reverse().find((l) => /^\s*\w*(?:Error|Exception)\b/.test(l)) : undefined;
  if (trace && error) return `a ${trace === 'python' ? 'Python traceback' : 'Node stack trace'} of ${lines.length} lines on stderr, naming ${quoteLines([error])}`;
  return `${lines.length} line${lines.length === 1 ? '' : 's'} on stderr: ${quoteLines(lines)}`;
}
