// Reads /proc/net tables, whose every read makes the kernel walk a whole hash table: callers share
// one recent snapshot of the raw text, and a reader that wants one port parses only that port's lines.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export interface TableReadOptions {
  /** Reuse a snapshot at most this old (ms); without it the tables are read afresh. */
  maxAgeMs?: number;
  /** Only sockets whose local or remote port is this one. */
  port?: number;
}

/** The text a port has in a /proc/net line: the kernel prints "%04X" after the address's colon, then a space. */
export function portNeedle(port: number): string {
  return `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
}

/**
 * The lines holding the port as a local or remote port, found with indexOf instead of splitting
 * and parsing the table. No other field has a colon followed by exactly four hex digits and a
 * space (queues and timers print eight), so the only extra lines are ones to drop after parsing.
 */
export function linesWithPort(text: string, port: number): string[] {
  const needle = portNeedle(port);
  const lines: string[] = [];
  let at = text.indexOf(needle);
  while (at >= 0) {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    lines.push(text.slice(start, end));
    at = newline < 0 ? -1 : text.indexOf(needle, end);
  }
  return lines;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // No IPv6 on this host means no tcp6 or udp6 table: that is not an error.
    return '';
  }
}

/**
 * A reader of one family of tables (e.g. tcp and tcp6) that keeps the last snapshot and, for each
 * snapshot, the sockets already parsed for the whole table and for each port asked about.
 */
export function createTableReader<T extends { localPort: number; remotePort: number }>(
  paths: string[],
  parseLine: (line: string) => T | undefined,
  canRead: () => boolean,
): (options?: TableReadOptions) => T[] {
  // The raw text of the last read, and what was parsed of it, by port ('all' for the whole table).
  let snapshot: { at: number; texts: string[]; parsed: Map<number | 'all', T[]> } | undefined;
  const parse = (lines: string[]) => lines.map(parseLine).filter((s): s is T => s !== undefined);
  return (options = {}) => {
    if (!canRead()) return [];
    const now = performance.now();
    if (!snapshot || options.maxAgeMs === undefined || now - snapshot.at > options.maxAgeMs) {
      snapshot = { at: now, texts: paths.map(readText), parsed: new Map() };
    }
    const { port } = options;
    const key = port ?? 'all';
    const cached = snapshot.parsed.get(key);
    if (cached) return cached;
    const all = snapshot.parsed.get('all');
    let sockets: T[];
    if (port === undefined) sockets = parse(snapshot.texts.flatMap((t) => t.split('\n')));
    else if (all) sockets = all.filter((s) => s.localPort === port || s.remotePort === port);
    else sockets = parse(snapshot.texts.flatMap((t) => linesWithPort(t, port))).filter((s) => s.localPort === port || s.remotePort === port);
    snapshot.parsed.set(key, sockets);
    return sockets;
  };
}

/** Small reads: the kernel formats a /proc/net file record by record, as far as each read() asks. */
const CHUNK_BYTES = 512;

/**
 * The leading lines of a table, read a few at a time until `done` says enough. Reading a whole
 * TCP table makes the kernel walk its entire connection hash table (4-5 ms on a machine with a
 * large one, however few sockets it holds); listeners come first, so a reader that wants only
 * those stops long before that walk. Returns every complete line read (none where the table is absent).
 */
export function readLeadingLines(path: string, done: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return lines;
  }
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let partial = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) return lines;
      const parts = (partial + buffer.toString('latin1', 0, n)).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (done(line)) return lines;
      }
    }
  } catch {
    return lines;
  } finally {
    closeSync(fd);
  }
}
