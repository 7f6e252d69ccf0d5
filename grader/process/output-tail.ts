// Keeps the last bytes a program printed, so a chatty or looping program cannot fill the grader's memory.
export const OUTPUT_CAP_BYTES = 64 * 1024;

export class OutputTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte the program printed, kept or not. */
  total = 0;

  constructor(private readonly cap = OUTPUT_CAP_BYTES) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept - this.chunks[0]!.length >= this.cap) this.kept -= this.chunks.shift()!.length;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.cap)).toString('utf8');
  }

  /**
   * The last `count` non-empty lines, each cut to a readable width, with control characters
   * made visible (a program's own escape codes must not repaint the report), and a first line
   * saying how much came before them.
   */
  lastLines(count = 12, width = 200): string[] {
    const lines = this.text().split(/\r?\n/).filter((l) => l.trim() !== '');
    const tail = lines.slice(-count).map((l) => {
      const visible = makeVisible(l);
      return visible.length > width ? `${visible.slice(0, width)}…` : visible;
    });
    const shownBytes = lines.slice(-count).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    const earlier = this.total - shownBytes;
    if (tail.length > 0 && earlier > 0 && (lines.length > count || this.total > this.cap)) tail.unshift(`… (${earlier} earlier bytes not shown)`);
    return tail;
  }
}

/** Escapes control characters (ESC, CR, BEL, …) except tab, so they print as text. */
export function makeVisible(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
