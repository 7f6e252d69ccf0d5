// Lesson 4 reference solution: read until the client half-closes (its FIN), then answer
// "<byte count> <sha256 hex>\n" and close. Clients are served one after another, for ever.
import { createHash } from 'node:crypto';
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// allowHalfOpen: the client's FIN ends only the client's direction. Without it, Node would end
// ours too, and an answer written after that moment would be refused.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  // Hash the bytes as they come: no need to keep a 1 MiB payload, and no decoding to text.
  const hash = createHash('sha256');
  let count = 0;
  socket.on('data', (chunk) => {
    hash.update(chunk);
    count += chunk.length; // bytes, not characters
  });
  // 'end' is the empty read: the client's FIN has arrived and every byte before it was delivered.
  socket.on('end', () => {
    // end(data): the answer, then our FIN. An empty stream hashes to e3b0c442…b855.
    socket.end(`${count} ${hash.digest('hex')}\n`);
  });
  socket.on('error', (err) => console.error(`client ${peer}: ${err.message}`));
});

server.listen(port, host, () => {
  console.log(`listening on ${host}:${port}`);
});
