// Asks whether a port is bound by trying to bind it: the one test that needs no /proc and sends
// nothing to the program (a probe connection or datagram would become its first client).
import dgram from 'node:dgram';
import net from 'node:net';

export type BindTry = 'free' | 'in-use' | 'unavailable';

/** Binds host:port and lets go at once: 'in-use' on EADDRINUSE, 'unavailable' on any other refusal (no such address). */
export function tryBind(kind: 'tcp' | 'udp', host: string, port: number): Promise<BindTry> {
  return new Promise((resolve) => {
    const refused = (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? 'in-use' : 'unavailable');
    if (kind === 'tcp') {
      const server = net.createServer();
      server.once('error', refused);
      server.listen({ host, port, exclusive: true }, () => server.close(() => resolve('free')));
    } else {
      const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
      socket.once('error', (err) => {
        socket.close();
        refused(err);
      });
      socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve('free')));
    }
  });
}

export async function isBoundByAnyone(kind: 'tcp' | 'udp', host: string, port: number): Promise<boolean> {
  return (await tryBind(kind, host, port)) === 'in-use';
}

/**
 * True unless a TCP listener and a UDP socket could both be bound to the port on every address: the
 * IPv6 wildcard (dual-stack) overlaps every IPv4 and IPv6 address, the IPv4 one stands in where
 * there is no IPv6. Misses only connected TCP sockets that allow address reuse (no listener left).
 */
export async function mayBeHeld(port: number): Promise<boolean> {
  for (const kind of ['tcp', 'udp'] as const) {
    let result = await tryBind(kind, '::', port);
    if (result === 'unavailable') result = await tryBind(kind, '0.0.0.0', port);
    if (result !== 'free') return true;
  }
  return false;
}
