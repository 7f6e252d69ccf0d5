// The kernel's view of the program's UDP socket, in words: connected or not (and to whom), whether
// datagrams wait unread in its receive queue, and how many it dropped.
import { formatAddress, type Harness } from '../../../grader/sdk.ts';

export type UdpSocket = ReturnType<Harness['kernel']['udpOnPort']>[number];

/** The program's own sockets bound to its port (udpOnPort also lists sockets whose peer is that port). */
export function programSockets(h: Pick<Harness, 'kernel'>, port: number): UdpSocket[] {
  return h.kernel.udpOnPort(port).filter((s) => s.localPort === port);
}

/** Pure: the peer a socket on the port was connect()ed to, if any. */
export function connectedPeer(sockets: UdpSocket[]): string | undefined {
  const connected = sockets.find((s) => s.state === 'ESTABLISHED');
  return connected ? formatAddress(connected.remoteAddress, connected.remotePort) : undefined;
}

/** Pure: one clause on the socket; `available` false when /proc could not be read at all. */
export function describeUdpSocket(sockets: UdpSocket[], port: number, available = true): string {
  if (!available) return 'the kernel\'s socket tables cannot be read here';
  if (sockets.length === 0) return `the kernel shows no UDP socket on port ${port} any more: your program closed it`;
  const s = sockets.find((x) => x.state === 'ESTABLISHED') ?? sockets[0]!;
  const where = formatAddress(s.localAddress, s.localPort);
  const state = s.state === 'ESTABLISHED'
    ? `connected to ${formatAddress(s.remoteAddress, s.remotePort)} (state ESTABLISHED, where a server's socket shows UNCONN): your program called connect() on it`
    : 'unconnected, as a server\'s should be';
  const queue = s.rxQueue > 0 ? 'with datagrams waiting unread in its receive queue' : 'with nothing waiting in its receive queue';
  const drops = s.drops > 0 ? `; it has dropped ${s.drops} datagram${s.drops === 1 ? '' : 's'} because its receive queue was full` : '';
  return `the kernel shows your socket ${where} ${state}, ${queue}${drops}`;
}

/** The socket as the kernel shows it now, in words. */
export function lookAtSocket(h: Pick<Harness, 'kernel'>, port: number): string {
  return describeUdpSocket(programSockets(h, port), port, h.kernel.available);
}
