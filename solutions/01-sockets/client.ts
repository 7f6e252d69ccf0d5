// Lesson 1 reference solution: a TCP client that reads the greeting, proves it knows its own
// port, prints the verdict and closes with a FIN.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// No bind: connect() makes the kernel pick our address and an ephemeral port.
const socket = net.connect({ host, port });
socket.setEncoding('utf8');

let pending = '';
let greeted = false;

// 'data' hands us whatever the kernel had ready, not lines: keep the rest for the next chunk.
socket.on('data', (chunk: string) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    handleLine(line);
  }
});

function handleLine(line: string): void {
  if (!greeted) {
    greeted = true;
    const token = line.replace(/^HELLO /, '');
    // localPort is the port of our end of this connection, what getsockname() returns.
    socket.write(`${token} ${socket.localPort}\n`);
    return;
  }
  console.log(line);
  // end() sends FIN once everything written is out; the server then closes its side and we exit.
  socket.end();
}

// ECONNREFUSED (nothing listens) and any later failure arrive here: one line, exit status 1.
socket.on('error', (err) => {
  console.error(`${host}:${port}: ${err.message}`);
  process.exitCode = 1;
});
