// Pure: judges what a program printed on stderr when its port was busy: exactly one line, naming the port.

export type ErrorLineVerdict =
  | { kind: 'ok'; line: string }
  | { kind: 'silent' }
  | { kind: 'several'; lines: string[] }
  | { kind: 'no-port'; line: string };

/** The lines a person would count: blank lines (a trailing newline, an empty print) are not lines of text. */
export function textLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** True when `line` holds `port` as a whole number: 8080 is in "port 8080" and ":8080", not in "18080" or "80801". */
export function namesPort(line: string, port: number): boolean {
  return new RegExp(`(?<!\\d)${port}(?!\\d)`).test(line);
}

export function judgeErrorOutput(stderrText: string, port: number): ErrorLineVerdict {
  const lines = textLines(stderrText);
  if (lines.length === 0) return { kind: 'silent' };
  if (lines.length > 1) return { kind: 'several', lines };
  const line = lines[0]!;
  return namesPort(line, port) ? { kind: 'ok', line } : { kind: 'no-port', line };
}

/** Several stderr lines, for a message: all of them when few, else the first and the last ones. */
export function quoteLines(lines: string[], max = 6): string {
  const cut = (l: string) => (l.length > 160 ? `${l.slice(0, 160)}…` : l);
  const shown = lines.length <= max ? lines.map(cut) : [...lines.slice(0, 2).map(cut), `… ${lines.length - max + 2} more lines …`, ...lines.slice(-(max - 3)).map(cut)];
  return shown.map((l) => `"${l.trim()}"`).join(' / ');
}
