// Where a lesson 2 program listens, as the kernel shows it: which of the three endpoints it serves,
// and the words for it. The port and the path are this copy's alone, so whatever listens there is it.
import { formatAddress, type Harness, type TcpSocket } from '../../../grader/sdk.ts';

export type EndpointName = 'unix' | 'tcp' | 'tcp6';

/** What a client of each endpoint reaches: a wildcard "::" (dual stack) serves 127.0.0.1 as well. */
const SERVING: Record<Exclude<EndpointName, 'unix'>, string[]> = {
  tcp: ['127.0.0.1', '0.0.0.0', '::'],
  tcp6: ['::1', '::'],
};

export interface ListenView {
  /** False where the kernel's tables cannot be read: then nothing is known of where it listens. */
  available?: boolean;
  /** Addresses of the TCP listeners on the copy's port. */
  tcp: string[];
  /** True when a socket listens on SOCKET_PATH. */
  unix: boolean;
}

export function viewFrom(sockets: TcpSocket[], unixListening: boolean): ListenView {
  return { tcp: sockets.filter((s) => s.state === 'LISTEN').map((s) => s.localAddress), unix: unixListening };
}

export function lookAt(h: Harness, port: number, socketPath: string | undefined): ListenView {
  const unix = socketPath !== undefined && h.kernel.unixAt(socketPath).some((s) => s.listening);
  return { ...viewFrom(h.kernel.listenersOn(port), unix), available: h.kernel.available };
}

export function serves(view: ListenView, endpoint: EndpointName): boolean {
  return endpoint === 'unix' ? view.unix : view.tcp.some((a) => SERVING[endpoint].includes(a));
}

export function endpointWords(endpoint: EndpointName, port: number, socketPath = 'SOCKET_PATH'): string {
  if (endpoint === 'unix') return `the Unix socket ${socketPath}`;
  return formatAddress(endpoint === 'tcp' ? '127.0.0.1' : '::1', port);
}

/** "your program listens on 127.0.0.1:5000 and on SOCKET_PATH", or that it listens nowhere, as the kernel shows it. */
export function describeView(view: ListenView, port: number): string {
  if (view.available === false) return 'where it listens cannot be read from the kernel on this system';
  const places = view.tcp.map((a) => (a === '::' ? `${formatAddress(a, port)} (the IPv6 wildcard)` : formatAddress(a, port)));
  if (view.unix) places.push('the Unix socket at SOCKET_PATH');
  if (places.length === 0) return `the kernel shows nothing of your program listening, neither on port ${port} nor on SOCKET_PATH`;
  return `the kernel shows your program listening on ${places.join(' and on ')} only`;
}
