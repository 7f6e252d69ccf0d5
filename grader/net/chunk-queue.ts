// Received bytes waiting to be read: a list of chunks and an offset into the first, so taking
// n bytes costs O(n) however much is queued (concatenating everything on each take is quadratic).

/** Taken-off chunks are dropped from the list in batches, not one shift() at a time. */
const COMPACT_AFTER = 64;

export class ChunkQueue {
  private chunks: Buffer[] = [];
  private head = 0;
  private offset = 0;
  /** Bytes queued. */
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Removes the first `n` bytes (at most what is queued), handing each piece to `each` without copying it. */
  drain(n: number, each: (piece: Buffer) => void): void {
    let left = Math.min(n, this.length);
    while (left > 0) {
      const chunk = this.chunks[this.head]!;
      const piece = chunk.subarray(this.offset, this.offset + left);
      each(piece);
      left -= piece.length;
      this.length -= piece.length;
      this.offset += piece.length;
      if (this.offset === chunk.length) {
        this.head++;
        this.offset = 0;
      }
    }
    this.compact();
  }

  /** Removes and returns the first `n` bytes (at most what is queued); copies only when they span chunks. */
  take(n: number): Buffer {
    const pieces: Buffer[] = [];
    this.drain(n, (piece) => pieces.push(piece));
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  }

  /** Position of the first `byte` at or after `from` and before `limit`, or -1. */
  indexOf(byte: number, from: number, limit: number): number {
    let start = 0;
    for (let i = this.head; i < this.chunks.length && start < limit; i++) {
      const skip = i === this.head ? this.offset : 0;
      const chunk = this.chunks[i]!;
      const size = chunk.length - skip;
      if (start + size > from) {
        const found = chunk.indexOf(byte, skip + Math.max(0, from - start));
        if (found !== -1) return start + found - skip < limit ? start + found - skip : -1;
      }
      start += size;
    }
    return -1;
  }

  private compact(): void {
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}
