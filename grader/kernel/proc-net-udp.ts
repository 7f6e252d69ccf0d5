// Reads UDP sockets from /proc/net/udp and /proc/net/udp6 (Linux): which ports are bound, by whom, and what they dropped.
import { decodeAddress } from './decode-address.ts';
import { canReadKernelSockets } from './proc-net-tcp.ts';
import { createTableReader, type TableReadOptions } from './proc-net-table.ts';

/** UDP has no connection states: the kernel reuses TCP's numbers, 07 (CLOSE) unconnected, 01 for a socket that called connect(). */
export type UdpState = 'UNCONNECTED' | 'ESTABLISHED' | 'UNKNOWN';

export interface UdpSocket {
  localAddress: string;
  localPort: number;
  /** 0.0.0.0 or :: with port 0 unless the socket called connect(). */
  remoteAddress: string;
  remotePort: number;
  state: UdpState;
  /**
   * Memory charged to the send and receive buffers, in bytes: each queued datagram counts with the
   * kernel's per-packet overhead (a 5-byte datagram shows as several hundred), so 0 means empty,
   * not a byte count.
   */
  txQueue: number;
  rxQueue: number;
  inode: number;
  /** Datagrams dropped on this socket so far, most often because its receive buffer was full. */
  drops: number;
}

// tcp's layout up to the inode, as udp4_format_sock() prints it, then "ref pointer drops".
const LINE = /^\s*\d+: ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]{2}) ([0-9A-F]+):([0-9A-F]+) \S+ \S+ +\d+ +-?\d+ (\d+) +\d+ +[0-9a-fA-F]+ +(\d+)/;

/** Parses one socket line of /proc/net/udp or udp6; undefined for the header or any other line. */
export function parseUdpLine(line: string): UdpSocket | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const st = parseInt(m[5]!, 16);
  return {
    localAddress: decodeAddress(m[1]!),
    localPort: parseInt(m[2]!, 16),
    remoteAddress: decodeAddress(m[3]!),
    remotePort: parseInt(m[4]!, 16),
    state: st === 7 ? 'UNCONNECTED' : st === 1 ? 'ESTABLISHED' : 'UNKNOWN',
    txQueue: parseInt(m[6]!, 16),
    rxQueue: parseInt(m[7]!, 16),
    inode: Number(m[8]),
    drops: Number(m[9]),
  };
}

/** Parses the text of /proc/net/udp or /proc/net/udp6. */
export function parseProcNetUdp(text: string): UdpSocket[] {
  return text.split('\n').map(parseUdpLine).filter((s): s is UdpSocket => s !== undefined);
}

const readTables = createTableReader(['/proc/net/udp', '/proc/net/udp6'], parseUdpLine, canReadKernelSockets);

/**
 * Every UDP socket of this network namespace, IPv4 and IPv6; empty where there is no /proc.
 * With `port`, only those whose local or remote port it is; `maxAgeMs` shares a recent snapshot.
 */
export function readUdpSockets(options: TableReadOptions = {}): UdpSocket[] {
  return readTables(options);
}
