// The client program's state in words, for the "saw" part of a message: its end of the connection
// as the kernel shows it, and what its threads are blocked in.
import { describeExit, type Harness, type Program, type TcpSocket } from '../../../grader/sdk.ts';

type Threads = ReturnType<Harness['kernel']['doing']>;
type Thread = Threads[number];

/** Your end of the connection, in words; '' where the kernel's tables cannot be read. */
export function describeClientSide(socket: TcpSocket | undefined, available: boolean, clientPort: number): string {
  if (!available) return '';
  if (!socket) return `the kernel holds no socket for your end (port ${clientPort}) any more`;
  const end = `your end of the connection (port ${clientPort})`;
  const unread = `${socket.rxQueue} byte${socket.rxQueue === 1 ? '' : 's'} the server sent that your program has not read`;
  switch (socket.state) {
    case 'ESTABLISHED':
      return socket.rxQueue > 0 ? `${end} is ESTABLISHED, with ${unread}` : `${end} is ESTABLISHED, and your program has read everything the server sent`;
    case 'FIN_WAIT1':
    case 'FIN_WAIT2':
      return `${end} is in ${socket.state}: your program has sent its FIN`;
    case 'TIME_WAIT':
      return `${end} is in TIME_WAIT: your program closed first, in order`;
    default:
      return `${end} is in ${socket.state}${socket.rxQueue > 0 ? `, with ${unread}` : ''}`;
  }
}

const CALLS: Record<string, string> = {
  epoll_wait: 'in its event loop (epoll_wait), waiting for something to happen',
  epoll_pwait: 'in its event loop (epoll_wait), waiting for something to happen',
  epoll_pwait2: 'in its event loop (epoll_wait), waiting for something to happen',
  recvfrom: 'waiting in recv()',
  recvmsg: 'waiting in recv()',
  read: 'waiting in read()',
  connect: 'waiting in connect()',
  clock_nanosleep: 'asleep in sleep()',
  nanosleep: 'asleep in sleep()',
  select: 'waiting in select()',
  pselect6: 'waiting in select()',
  poll: 'waiting in poll()',
  ppoll: 'waiting in poll()',
  futex: 'waiting for another thread (a lock, or join())',
  wait4: 'waiting for a child process',
  running: 'running (using CPU)',
};

function call(t: Thread): string {
  return CALLS[t.syscall] ?? (t.syscall === 'unknown' || t.syscall === 'none' ? 'blocked' : `blocked in ${t.syscall}()`);
}

/** The main thread's call, "on this connection" when it is blocked on the client's socket. */
export function describeDoing(threads: Threads, socket?: TcpSocket): string | undefined {
  if (threads.length === 0) return undefined;
  const main = threads.find((t) => t.tid === t.pid) ?? threads[0]!;
  const onIt = socket && main.socketInode === socket.inode ? ' on this connection' : '';
  return `its main thread is ${call(main)}${onIt}`;
}

/** True when the main thread is blocked reading this very connection (a recv() waiting for the server). */
export function readingConnection(threads: Threads, socket: TcpSocket | undefined): boolean {
  const main = threads.find((t) => t.tid === t.pid) ?? threads[0];
  return !!main && !!socket && main.socketInode === socket.inode && /^(?:recvfrom|recvmsg|read|readv)$/.test(main.syscall);
}

/** "your program is still running: its main thread is …" or how it ended. */
export function describeProgram(h: Pick<Harness, 'kernel'>, program: Program, socket?: TcpSocket): string {
  const exit = program.exitInfo();
  if (exit) return `your program ${describeExit(exit)}`;
  const doing = describeDoing(h.kernel.doing(program), socket);
  return `your program is still running${doing ? `: ${doing}` : ''}`;
}

/** Joins the parts of a "saw" that are known, with '; '. */
export function joinSaw(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join('; ');
}
