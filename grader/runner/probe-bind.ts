// Asks whether a port is bound by trying to bind it: the one test that needs no /proc and sends
// nothing to the program (a probe connection or datagram would become its first client).
import dgram from 'node:dgram';
import net from 'node:net';

export function isBoundByAnyone(kind: 'tcp' | 'udp', host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const inUse = (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE');
    if (kind === 'tcp') {
      const server = net.createServer();
      server.once('error', inUse);
      server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
    } else {
      const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
      socket.once('error', (err) => {
        socket.close();
        inUse(err);
      });
      socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(false)));
    }
  });
}
