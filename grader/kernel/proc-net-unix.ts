// Reads Unix-domain sockets from /proc/net/unix (Linux): listeners, connections, and the path they are bound to.
import { readFileSync } from 'node:fs';
import { canReadKernelSockets } from './proc-net-tcp.ts';

export type UnixType = 'stream' | 'dgram' | 'seqpacket' | 'unknown';
/** The socket_state of include/uapi/linux/net.h; a listener is UNCONNECTED with `listening` set. */
export type UnixState = 'FREE' | 'UNCONNECTED' | 'CONNECTING' | 'CONNECTED' | 'DISCONNECTING' | 'UNKNOWN';

const TYPES: Record<number, UnixType> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };
const STATES: UnixState[] = ['FREE', 'UNCONNECTED', 'CONNECTING', 'CONNECTED', 'DISCONNECTING'];
// __SO_ACCEPTCON in include/linux/net.h: set by listen().
const ACCEPTCON = 1 << 16;

export interface UnixSocket {
  /** 0 for a connection still in a listener's accept queue: no file refers to it yet. */
  inode: number;
  type: UnixType;
  state: UnixState;
  listening: boolean;
  /**
   * The address as bound, exactly as the program passed it (a relative path stays relative);
   * an accepted connection shows its listener's path; undefined for an unbound socket.
   * Abstract names start with '@', and the kernel prints each NUL byte in them as '@' too
   * (compare with isSameAddress(): Node pads them).
   */
  path?: string;
  abstract: boolean;
}

// "%pK: %08X %08X %08X %04X %02X %5lu" then " path" when bound; the path may hold spaces.
const LINE = /^\s*[0-9a-fA-F]+: [0-9A-F]{8} [0-9A-F]{8} ([0-9A-F]{8}) ([0-9A-F]{4}) ([0-9A-F]{2}) +(\d+)(?: (.*))?$/;

/** Parses one socket line of /proc/net/unix; undefined for the header or anything else. */
export function parseUnixLine(line: string): UnixSocket | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const path = m[5] === undefined || m[5] === '' ? undefined : m[5];
  return {
    inode: Number(m[4]),
    type: TYPES[parseInt(m[2]!, 16)] ?? 'unknown',
    state: STATES[parseInt(m[3]!, 16)] ?? 'UNKNOWN',
    listening: (parseInt(m[1]!, 16) & ACCEPTCON) !== 0,
    path,
    abstract: path?.startsWith('@') ?? false,
  };
}

/** Parses the text of /proc/net/unix. */
export function parseProcNetUnix(text: string): UnixSocket[] {
  return text.split('\n').map(parseUnixLine).filter((s): s is UnixSocket => s !== undefined);
}

/** The form /proc/net/unix prints an address in: Node's "\0name" abstract address becomes "@name". */
export function printedPath(path: string): string {
  return path.replaceAll('\0', '@');
}

// sizeof(sun_path) on Linux.
const SUN_PATH_BYTES = 108;

/**
 * True when a printed path is the address `wanted` (as printedPath() writes it). Node 20's libuv
 * binds an abstract name with the whole sun_path, so the kernel keeps (and prints) the name padded
 * with NULs to 108 bytes: "@name@@@…"; a Python program binds "@name" exactly.
 */
export function isSameAddress(printed: string, wanted: string): boolean {
  if (printed === wanted) return true;
  return wanted.startsWith('@') && printed.length === SUN_PATH_BYTES && printed.startsWith(wanted) && /^@*$/.test(printed.slice(wanted.length));
}

/**
 * Unix sockets of this network namespace; empty where there is no /proc. With `path`, only those
 * bound to it: its listener, and its connections, accepted (CONNECTED) or still in the listener's
 * accept queue (CONNECTING, inode 0: no program holds them yet).
 */
export function readUnixSockets(options: { path?: string } = {}): UnixSocket[] {
  if (!canReadKernelSockets()) return [];
  let text: string;
  try {
    text = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return [];
  }
  if (options.path === undefined) return parseProcNetUnix(text);
  const wanted = printedPath(options.path);
  // A cheap test first: most machines have hundreds of Unix sockets, few on this path.
  const lines = text.split('\n').filter((l) => l.includes(` ${wanted}`));
  return lines.map(parseUnixLine).filter((s): s is UnixSocket => s?.path !== undefined && isSameAddress(s.path, wanted));
}
