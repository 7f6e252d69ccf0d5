// What a program must have bound before it counts as started, and how each endpoint is named.

/** A listening TCP socket, a bound UDP socket, or a listening Unix stream socket. */
export type Endpoint =
  | { kind: 'tcp'; host: string }
  | { kind: 'udp'; host: string }
  | { kind: 'unix'; path: string };

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function describeEndpoint(endpoint: Endpoint, port: number): string {
  if (endpoint.kind === 'unix') return `the Unix socket ${endpoint.path}`;
  return `${endpoint.kind.toUpperCase()} ${formatAddress(endpoint.host, port)}`;
}

/** The wildcard addresses whose sockets also serve `host` (a dual-stack :: listener takes IPv4 too). */
export function servingAddresses(host: string): string[] {
  return host.includes(':') ? [host, '::'] : [host, '0.0.0.0', '::'];
}
