// Lesson 5: an echo server that serves client after client.
// Run it by hand with `PORT=8080 npx tsx exercises/05-server-loops/server.ts` (connect once it prints
// its "listening" line); grade it with `npm run grade lesson5`.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// allowHalfOpen: a client's FIN arrives as 'end' and closing your side is your job,
// like recv() returning b'' in Python.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  console.log(`client connected from ${socket.remoteAddress}:${socket.remotePort}`);

  socket.on('data', (chunk) => {
    // TODO: echo the chunk back to the client: every byte, in order, written right here
    // (a write put off behind a timer or an await can overtake others, or come after your FIN).
    console.log(`received ${chunk.length} bytes`);
  });

  socket.on('end', () => {
    // TODO: the client has closed its side (an empty read). Close yours, after what you have written.
  });

  // TODO: handle 'error' (for example ECONNRESET when a client aborts), so that
  // one broken connection cannot take the whole server down.
});

server.listen(port, host, () => {
  console.log(`echo server listening on ${host}:${port}`);
});
