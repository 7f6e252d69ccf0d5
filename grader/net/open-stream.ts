// Opens a stream connection (TCP over IPv4 or IPv6, or a Unix socket) within a bound of active
// time; a refusal, a missing socket file or no answer becomes a ConnectError with the errno's code.
import net from 'node:net';
import { startLabelledBound } from './event-signal.ts';
import { ConnectError } from './net-errors.ts';
import { formatEndpoint } from './transcript.ts';

/** Where a stream peer connects or a reference server listens: an IP literal and a port, or a Unix socket path. */
export type StreamTarget = { host: string; port: number } | { path: string };

export function describeTarget(target: StreamTarget): string {
  return 'path' in target ? target.path : formatEndpoint(target.host, target.port);
}

/**
 * Starts connecting at once (so the caller holds the socket and can destroy it meanwhile);
 * `connected` resolves once the connection is established, or rejects with a ConnectError.
 */
export function openStream(target: StreamTarget, timeoutMs: number): { socket: net.Socket; connected: Promise<void> } {
  const where = 'path' in target ? { path: target.path } : { host: target.host, port: target.port, noDelay: true };
  // allowHalfOpen: the other side's FIN and ours are separate events a check wants to see.
  const socket = net.connect({ ...where, allowHalfOpen: true });
  const bound = startLabelledBound(timeoutMs, 'timeout');
  const connected = new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: ConnectError) => {
      if (settled) return;
      settled = true;
      bound?.cancel();
      socket.off('error', onError).off('close', onClose);
      if (!err) return resolve();
      // Whatever the socket still reports is ours to ignore: the caller has the ConnectError.
      socket.on('error', () => {});
      socket.destroy();
      reject(err);
    };
    const onError = (e: NodeJS.ErrnoException) => settle(new ConnectError(e.code ?? 'ERROR', e.message));
    const onClose = () => settle(new ConnectError('ECONNABORTED', `the grader gave up the connection to ${describeTarget(target)} before it was established`));
    socket.once('connect', () => settle());
    socket.on('error', onError).on('close', onClose);
    void bound?.expired.then(() => settle(new ConnectError('ETIMEDOUT', `no answer from ${describeTarget(target)} within ${timeoutMs} ms`)));
  });
  return { socket, connected };
}
