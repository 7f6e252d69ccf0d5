// Lesson 5 reference solution: an echo server with an accept loop and a communication loop.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// allowHalfOpen: a client's FIN arrives as 'end' and closing our side stays our decision,
// exactly like recv() returning b'' in the BSD API.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  // Kept now: after a reset, remoteAddress and remotePort are gone.
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  // The communication loop: every chunk is written back at once, so the echo keeps its order.
  socket.on('data', (chunk) => {
    // write() queues whatever the kernel cannot take yet. false means this socket's queue in Node
    // has reached its high-water mark: stop reading until it drains, so memory stays bounded.
    if (!socket.write(chunk)) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
  // The empty read: the client sent FIN. end() sends ours after everything queued above.
  socket.on('end', () => socket.end());
  // A reset (RST) or a broken pipe ends this connection only, never the server.
  socket.on('error', (err) => {
    console.error(`client ${peer}: ${err.message}`);
  });
});

// The accept loop: Node calls the handler above for every connection the kernel completes.
server.listen(port, host, () => {
  console.log(`echo server listening on ${host}:${port}`);
});
