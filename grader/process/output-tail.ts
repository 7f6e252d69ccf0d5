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

  /** The last `count` non-empty lines, each cut to a readable width. */
  lastLines(count = 12, width = 200): string[] {
    const lines = this.text().split(/\r?\n/).filter((l) => l.trim() !== '');
    const tail = lines.slice(-count).map((l) => (l.length > width ? `${l.slice(0, width)}…` : l));
    if (this.total > this.cap && lines.length <= count) tail.unshift(`… (${this.total - this.cap} earlier bytes dropped)`);
    return tail;
  }
}
