// Pure: which side of a set of connections the kernel keeps in TIME_WAIT, from its socket table.
import type { TcpSocket } from '../../../grader/sdk.ts';

export interface TimeWaitCount {
  /** TIME_WAIT entries whose local port is the server's: the server closed first. */
  onServer: number;
  /** TIME_WAIT entries on the clients' own ports: the clients closed first. */
  onClients: number;
}

/**
 * Counts TIME_WAIT entries of the connections between `serverPort` and `clientPorts` (loopback: both
 * sides are in the same table). Other connections on the server's port, earlier checks' for one, are not counted.
 */
export function countTimeWait(sockets: TcpSocket[], serverPort: number, clientPorts: Iterable<number>): TimeWaitCount {
  const clients = new Set(clientPorts);
  let onServer = 0;
  let onClients = 0;
  for (const s of sockets) {
    if (s.state !== 'TIME_WAIT') continue;
    if (s.localPort === serverPort && clients.has(s.remotePort)) onServer++;
    else if (s.remotePort === serverPort && clients.has(s.localPort)) onClients++;
  }
  return { onServer, onClients };
}

/** Every TIME_WAIT entry on a port, whoever the peer was (what blocks a restart's bind()). */
export function timeWaitOnPort(sockets: TcpSocket[], port: number): number {
  return sockets.filter((s) => s.state === 'TIME_WAIT' && s.localPort === port).length;
}

/** States in which a connection's close is still under way: the kernel has not settled on TIME_WAIT (or nothing) yet. */
const CLOSING: ReadonlySet<string> = new Set(['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'LAST_ACK']);

/** True once no socket of these connections is still closing (CLOSE_WAIT waits on the program, not on the kernel). */
export function closesSettled(sockets: TcpSocket[], serverPort: number, clientPorts: Iterable<number>): boolean {
  const clients = new Set(clientPorts);
  return !sockets.some((s) => CLOSING.has(s.state) && ((s.localPort === serverPort && clients.has(s.remotePort)) || (s.remotePort === serverPort && clients.has(s.localPort))));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
