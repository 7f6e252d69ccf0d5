// Lesson 6 reference solution: a time server that closes first on TIME, lets the client close
// first on WAIT, shuts down gracefully on SIGTERM, and reports a busy port in one line.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

/** Answers one request line; TIME closes our side at once, WAIT leaves closing to the client. */
function answer(socket: net.Socket, command: string): void {
  const now = `${new Date().toISOString()}\n`;
  if (command === 'TIME') {
    // We close first: our FIN follows the answer, so the TIME_WAIT entry lands on our port.
    socket.end(now);
  } else if (command === 'WAIT') {
    // The client closes first ('end' below), so the TIME_WAIT entry lands on the client's port.
    socket.write(now);
  } else {
    socket.end(`ERROR unknown request ${JSON.stringify(command.slice(0, 40))}\n`);
  }
}

// allowHalfOpen: the client's FIN arrives as 'end' and closing our side stays our decision.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  let request = '';
  let answered = false;

  socket.on('data', (chunk) => {
    if (answered) return; // anything after the request line is read and dropped
    request += chunk.toString('latin1');
    const newline = request.indexOf('\n');
    if (newline === -1 && request.length < 1024) return; // wait for the rest of the line
    answered = true;
    answer(socket, request.slice(0, newline === -1 ? undefined : newline).trim());
  });

  // The client's FIN. A last line without '\n' is still a request; then close our side
  // (a no-op if we closed already, on TIME).
  socket.on('end', () => {
    if (!answered && request.trim() !== '') {
      answered = true;
      answer(socket, request.trim());
    }
    socket.end();
  });

  // A reset ends this connection only.
  socket.on('error', (err) => console.error(`client: ${err.message}`));
});

server.on('error', (err: NodeJS.ErrnoException) => {
  // One line that names the port: no stack trace for a problem that is not a bug in this program.
  const why = err.code === 'EADDRINUSE' ? 'the port is already in use' : err.message;
  console.error(`time server: cannot listen on ${host}:${port}: ${why}`);
  process.exit(1);
});

server.listen(port, host, () => {
  console.log(`time server listening on ${host}:${port}`);
});

// SIGTERM: stop listening now (new clients are refused) and let the open connections finish.
// When the last one has closed, the event loop has nothing left to wait for and Node exits with 0.
process.on('SIGTERM', () => {
  console.log('SIGTERM: refusing new connections, finishing the open ones');
  server.close();
});
