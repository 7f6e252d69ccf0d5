// Lesson 1: a TCP client that answers the server's greeting with its token and its own port.
// Try it with `PORT=8080 npx tsx exercises/01-sockets/client.ts`, grade it with `npm run grade lesson1`.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

const socket = net.connect({ host, port });
socket.setEncoding('utf8');

socket.on('connect', () => {
  console.log(`connected to ${host}:${port}`);
});

socket.on('data', (chunk: string) => {
  // TODO: a chunk is whatever the kernel had ready, not a line. Collect chunks until you
  // have the whole greeting "HELLO <token>\n" (up to its newline).
  console.log(`received ${JSON.stringify(chunk)}`);
  // TODO: reply "<token> <your local port>\n". Which port is yours? Look at socket.localPort.
  // TODO: then read the server's verdict line, print it on stdout, and close with a FIN (end()).
});

// TODO: handle 'error'. When nothing listens (ECONNREFUSED), print one line on stderr and
// make the program exit with status 1 (process.exitCode), without a stack trace.
