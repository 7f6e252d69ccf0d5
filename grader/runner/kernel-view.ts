// The kernel's view of a check's program and connections, read from /proc; everything here is
// empty or undefined where /proc cannot tell (another OS, HANDSHAKE_NO_PROC), and callers say less.
import { canReadKernelSockets, connectionSockets, findTcpSocket, readIpv4TcpSockets, readIpv6TcpSockets, readTcpListeners, readTcpSockets, socketsOnPort, type TcpSocket } from '../kernel/proc-net-tcp.ts';
import { readUdpSockets, type UdpSocket } from '../kernel/proc-net-udp.ts';
import { readUnixSockets, type UnixSocket } from '../kernel/proc-net-unix.ts';
import { canReadProcesses, groupCpu, groupSocketInodes, type CpuSample } from '../kernel/proc-processes.ts';
import { groupRss } from '../kernel/proc-memory.ts';
import { findSocketOwners } from '../kernel/find-socket-owners.ts';
import { whatGroupIsDoing, type ThreadActivity } from '../kernel/proc-syscall.ts';

export class KernelView {
  constructor(private readonly port: () => number) {}

  /** False where the kernel's tables cannot be read. */
  get available(): boolean {
    return canReadKernelSockets();
  }

  get processesReadable(): boolean {
    return canReadProcesses();
  }

  /** The server's side of a client's connection to the program's port, as the kernel sees it now. */
  serverSide(peer: { localPort: number }, port = this.port()): TcpSocket | undefined {
    return this.connectionEnd(port, peer.localPort);
  }

  /** One end of a connection, by its local and remote port (a client program's end: its own port, then the server's). */
  connectionEnd(localPort: number, remotePort: number): TcpSocket | undefined {
    return findTcpSocket(localPort, remotePort);
  }

  /**
   * How the server ended a connection the peer had already half-closed: an orderly close leaves
   * TIME_WAIT on the side that closed first (either one); a reset leaves none. Node alone cannot
   * always tell: libuv reports a RST that arrives with data as an end of stream.
   */
  closeSeenByKernel(peer: { localPort: number }, port = this.port()): 'fin' | 'rst' | 'unknown' {
    if (!canReadKernelSockets()) return 'unknown';
    const v4 = connectionSockets(port, peer.localPort, readIpv4TcpSockets({ port }));
    const connection = v4.length > 0 ? v4 : connectionSockets(port, peer.localPort, readIpv6TcpSockets({ port }));
    if (connection.some((s) => s.state === 'TIME_WAIT')) return 'fin';
    return connection.length > 0 ? 'unknown' : 'rst';
  }

  /**
   * How many sockets on the program's port in `state` the program itself holds open (by their
   * inodes). Asked every 50 ms of a program that spins, by every check watching one: the tables
   * come from a snapshot at most 100 ms old, shared by all of them (each whole read costs a walk of
   * the kernel's connection hash table); that the program still holds the socket is checked afresh.
   */
  heldInState(program: { pid: number }, state: TcpSocket['state'], port = this.port()): number {
    const inState = socketsOnPort(port, readTcpSockets({ port, maxAgeMs: 100 })).filter((s) => s.state === state && s.inode > 0);
    if (inState.length === 0) return 0;
    const held = groupSocketInodes(program.pid, { maxAgeMs: 20 });
    return inState.filter((s) => held.has(s.inode)).length;
  }

  /** The processes that hold a socket open (pid and command): which process keeps a connection alive. */
  holders(socket: { inode: number } | undefined): { pid: number; command: string }[] {
    if (!socket || socket.inode <= 0) return [];
    return findSocketOwners([socket.inode]).owners.map((o) => ({ pid: o.pid, command: o.command }));
  }

  /** Every TCP socket whose local port is the program's (its listener, accepted connections, TIME_WAIT). */
  tcpOnPort(port = this.port()): TcpSocket[] {
    return socketsOnPort(port, readTcpSockets({ port }));
  }

  /** The listening sockets on the program's port, IPv4 and IPv6: read from the heads of the tables only (cheap enough to poll). */
  listenersOn(port = this.port()): TcpSocket[] {
    return [...readTcpListeners(4), ...readTcpListeners(6)].filter((s) => s.localPort === port);
  }

  /** The listening socket on the program's port, if any. */
  listener(port = this.port()): TcpSocket | undefined {
    const isListener = (s: TcpSocket) => s.localPort === port;
    return readTcpListeners(4).find(isListener) ?? readTcpListeners(6).find(isListener);
  }

  /** The UDP sockets bound to the program's port (not those merely sending to it). */
  udpOnPort(port = this.port()): UdpSocket[] {
    return readUdpSockets({ port }).filter((s) => s.localPort === port);
  }

  unixAt(path: string): UnixSocket[] {
    return readUnixSockets({ path });
  }

  /** CPU time used and waited for so far by every live process of the program's group. */
  cpu(program: { pid: number }): CpuSample {
    return groupCpu(program.pid);
  }

  /** Resident memory of the program's whole group, in bytes. */
  memory(program: { pid: number }): number | undefined {
    return groupRss(program.pid);
  }

  /** What each thread of the program is doing now: the call it is blocked in, and on which socket. */
  doing(program: { pid: number }): ThreadActivity[] {
    return whatGroupIsDoing(program.pid);
  }
}
