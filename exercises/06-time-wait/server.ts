// Lesson 6: a time server that closes first on TIME, lets the client close first on WAIT,
// shuts down gracefully on SIGTERM and reports a busy port in one line.
// Run it by hand with `PORT=8080 npx tsx exercises/06-time-wait/server.ts`, grade it with `npm run grade lesson6`.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// allowHalfOpen: the client's FIN arrives as 'end' and closing your side is your decision.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  let request = '';
  let answered = false;

  socket.on('data', (chunk) => {
    if (answered) return; // anything after the request line is ignored
    request += chunk.toString('latin1');
    const newline = request.indexOf('\n');
    if (newline === -1) return; // the line is not complete yet
    answered = true;
    const command = request.slice(0, newline).trim();
    socket.write(`${new Date().toISOString()}\n`);
    console.log(`answered ${command}`);
    // TODO: on TIME, close your side right after the answer, so that you close first and the
    // TIME_WAIT entry lands on your port. On WAIT, leave the connection open: the client closes first.
  });

  // The client closed its side (its FIN arrived): close yours.
  socket.on('end', () => socket.end());

  socket.on('error', (err) => console.error(`client: ${err.message}`));
});

// TODO: listen for the server's 'error' event. On EADDRINUSE, print ONE line to stderr that
// names the port, and exit with status 1. (With no listener, Node prints a stack trace.)

server.listen(port, host, () => {
  console.log(`time server listening on ${host}:${port}`);
});

// TODO: on SIGTERM, stop listening (new clients are refused at once) and let the open
// connections finish. Once the last one has closed, Node exits by itself with status 0.
