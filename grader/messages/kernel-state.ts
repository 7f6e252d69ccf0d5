// What the kernel shows of a connection or a listener, in the student's terms.

import { canReadKernelSockets, type TcpSocket } from '../kernel/proc-net-tcp.ts';

/** What the kernel shows of the server's side of one connection, for a student who wonders why a peer waited. */
export function describeServerSide(socket: TcpSocket | undefined): string {
  if (!canReadKernelSockets()) return 'the kernel\'s view of the connection cannot be read on this system';
  if (!socket) return 'the kernel holds no socket for this connection on your side any more';
  const unread = socket.rxQueue > 0 ? `, with ${socket.rxQueue} received bytes your program has not read` : '';
  switch (socket.state) {
    case 'ESTABLISHED':
      return socket.rxQueue > 0
        ? `your side of the connection is ESTABLISHED${unread}: your program holds it open but is not reading it`
        : 'your side of the connection is ESTABLISHED and your program has read everything that was sent';
    case 'CLOSE_WAIT':
      return `your side is in CLOSE_WAIT${unread}: the kernel received the client's FIN, but your program never closed its socket`;
    case 'LAST_ACK':
    case 'CLOSING':
      return `your side is in ${socket.state}: your program closed its socket, the last ACK is on its way`;
    case 'FIN_WAIT1':
    case 'FIN_WAIT2':
      return `your side is in ${socket.state}: your program closed (or shut down) its side first`;
    case 'TIME_WAIT':
      return 'your side is in TIME_WAIT: your program closed the connection first';
    default:
      return `your side is in ${socket.state}`;
  }
}

/** The listener's accept queue, in words: connections the kernel completed that the program never accepted. */
export function describeAcceptQueue(listener: TcpSocket | undefined): string {
  if (!canReadKernelSockets()) return 'the listener\'s accept queue cannot be read on this system';
  if (!listener) return 'nothing listens on the port any more';
  if (listener.rxQueue === 0) return 'the listener is open and its accept queue is empty';
  const n = listener.rxQueue;
  return `${n} connection${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} in the listener's accept queue: the kernel completed the handshake, your program never called accept()`;
}

/** Who keeps a socket open, when more than one process could: "held open by pid 12 (python3 server.py)". */
export function describeHolders(holders: { pid: number; command: string }[]): string {
  if (holders.length === 0) return '';
  // Paths shortened to their last part: "python3 server.py" reads better than two absolute paths.
  const short = (command: string) => command.split(' ').map((w) => (w.includes('/') ? w.split('/').pop() : w)).join(' ').slice(0, 80);
  const list = holders.map((h) => `pid ${h.pid} (${short(h.command)})`).join(' and ');
  return holders.length === 1 ? `; it is held open by ${list}` : `; it is held open by ${holders.length} processes: ${list}, so it stays open until every one of them closes it`;
}
