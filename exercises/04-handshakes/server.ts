// Lesson 4: read until the client half-closes (its FIN), then answer "<byte count> <sha256 hex>\n"
// and close. Run it by hand with `PORT=8080 npx tsx exercises/04-handshakes/server.ts`,
// grade it with `npm run grade lesson4`.
import { createHash } from 'node:crypto';
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// allowHalfOpen: the client's FIN ends only the client's direction; yours stays open until you end it.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  console.log(`client connected from ${socket.remoteAddress}:${socket.remotePort}`);
  const hash = createHash('sha256');

  socket.on('data', (chunk) => {
    console.log(`received ${chunk.length} bytes`);
    // TODO: feed the chunk to the hash and count its bytes. Keep it a Buffer: no toString().
  });

  socket.on('end', () => {
    // TODO: the client's FIN: nothing more will come. Answer "<count> <hex digest>\n"
    // (hash.digest('hex')), then close your side. An empty stream is answered too.
    console.log(`the client has finished sending (the digest so far would be ${hash.copy().digest('hex')})`);
  });

  // TODO: handle 'error', so that one client's reset cannot take the server down.
});

server.listen(port, host, () => {
  console.log(`listening on ${host}:${port}`);
});
