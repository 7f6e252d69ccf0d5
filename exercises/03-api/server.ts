// Lesson 3: the sources' first server. Greet, read one request line, answer it, close, exit.
// Run it by hand with `PORT=8080 npx tsx exercises/03-api/server.ts`, grade it with `npm run grade lesson3`.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

/** The answer to one request line (without its '\n'). */
function answer(line: string): string {
  // TODO: "ADD a b" → the sum and '\n' (a and b are integers, maybe negative: parse them, don't join strings).
  // TODO: "REPEAT n c" → n copies of the one character c, then '\n' (n can be 8388608).
  // Anything else → one line starting with ERROR.
  return `ERROR not implemented: ${line}\n`;
}

const server = net.createServer((socket) => {
  console.log(`client connected from ${socket.remoteAddress}:${socket.remotePort}`);
  // TODO: this server serves one client only: stop listening (server.close()), so that the
  // process can exit once this connection is over.

  // TODO: speak first: send WELCOME and a newline before reading anything.

  socket.on('data', (chunk) => {
    // TODO: a chunk is not a line. Keep what arrives until a '\n' shows up, then answer the
    // line before it and close your side after the answer: socket.end(answer(line)) does both.
    const line = chunk.toString('utf8');
    console.log(`received ${chunk.length} bytes; answering them would send ${JSON.stringify(answer(line))}`);
  });

  socket.on('error', (err) => console.error(`client: ${err.message}`));
});

server.listen(port, host, () => {
  console.log(`listening on ${host}:${port}`);
});
