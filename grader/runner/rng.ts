// A small seeded random generator, so a failing check with random input can be replayed with --seed.
import { createCipheriv } from 'node:crypto';
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  bytes(n: number): Buffer;
  text(n: number): string;
}

/** Derives one check's seed from the run's seed and the check's id, so checks don't share a sequence. */
export function deriveSeed(seed: number, label: string): number {
  let h = seed >>> 0;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

// mulberry32: tiny, fast and good enough for test input.
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?-';
  return {
    next,
    int,
    bytes(n) {
      // Megabytes of input come from AES-CTR keyed by the generator (native, ~50x faster than a
      // JavaScript loop), so they are as replayable from the seed as everything else.
      const key = Buffer.allocUnsafe(32);
      for (let i = 0; i < 32; i += 4) key.writeUInt32LE((next() * 4294967296) >>> 0, i);
      const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16));
      return cipher.update(Buffer.alloc(n));
    },
    text(n) {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[int(0, alphabet.length - 1)];
      return s;
    },
  };
}
