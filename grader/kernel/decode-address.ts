// Turns the hex addresses of /proc/net/{tcp,udp}[6] into the text a student knows (127.0.0.1, ::1).
import { endianness } from 'node:os';

const decoded = new Map<string, string>();

/**
 * Decodes the kernel's hex address: 32-bit words printed in the host's byte order. A table holds
 * few distinct addresses (127.0.0.1, ::1, wildcards) on thousands of lines, so answers are kept.
 */
export function decodeAddress(hex: string, byteOrder = endianness()): string {
  const key = byteOrder + hex;
  let text = decoded.get(key);
  if (text === undefined) {
    text = decodeBytes(wordBytes(hex, byteOrder));
    if (decoded.size > 1000) decoded.clear();
    decoded.set(key, text);
  }
  return text;
}

function wordBytes(hex: string, byteOrder: string): number[] {
  const bytes: number[] = [];
  for (let at = 0; at + 8 <= hex.length; at += 8) {
    const word = parseInt(hex.slice(at, at + 8), 16);
    const big = [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
    bytes.push(...(byteOrder === 'LE' ? big.reverse() : big));
  }
  return bytes;
}

function decodeBytes(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) reads better as IPv4.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressIpv6(groups);
}

/** Writes eight IPv6 groups the RFC 5952 way: the longest run of two or more zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}
