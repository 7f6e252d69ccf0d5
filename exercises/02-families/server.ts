// Lesson 2: one server on three endpoints: a Unix socket, 127.0.0.1 and ::1.
// Try it with `PORT=8080 SOCKET_PATH=/tmp/families.sock npx tsx exercises/02-families/server.ts`,
// grade it with `npm run grade lesson2`.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8080);
const socketPath = process.env.SOCKET_PATH ?? '/tmp/families.sock';

// IPv4 works already: each client gets "ipv4 <its address>:<its port>", then our FIN.
const ipv4 = net.createServer((socket) => {
  socket.on('error', (err) => console.error(`client: ${err.message}`));
  socket.end(`ipv4 ${socket.remoteAddress}:${socket.remotePort}\n`);
});
ipv4.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1 port ${port}`));

// TODO: listen on [::1]:PORT too, answering "ipv6 [<address>]:<port>" (brackets around the address).

// TODO: listen on the Unix socket at socketPath, answering "unix". (What does Node report
// as remoteAddress for a Unix socket client?)
// TODO: before that, if a socket file left by a process that died is in the way, remove it.
// fs.lstatSync(path).isSocket() (from node:fs) tells a socket from a regular file: leave
// anything that is not a socket alone.
console.log(`the Unix socket will be ${socketPath}`);

// TODO: on SIGTERM, close every server (closing the Unix one removes its file) and exit with status 0.
