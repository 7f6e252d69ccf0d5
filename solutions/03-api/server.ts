// Lesson 3 reference solution: the sources' first server. Greet, read one request line, answer it,
// close, and exit after that one client.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

const MAX_REPEAT = 2 ** 23;

/** The answer to one request line (without its '\n'), as the protocol defines it. */
function answer(line: string): string {
  const add = /^ADD (-?\d+) (-?\d+)$/.exec(line);
  // BigInt: exact for any size, where Number is exact only up to 2^53 - 1.
  if (add) return `${BigInt(add[1]!) + BigInt(add[2]!)}\n`;
  // (.) with the u flag: exactly one character (a space counts), even one outside the BMP.
  const repeat = /^REPEAT (\d+) (.)$/u.exec(line);
  if (repeat) {
    const n = Number(repeat[1]);
    if (n > MAX_REPEAT) return `ERROR n must be at most ${MAX_REPEAT}\n`;
    return `${repeat[2]!.repeat(n)}\n`;
  }
  return 'ERROR expected "ADD a b" or "REPEAT n c"\n';
}

const server = net.createServer((socket) => {
  // One client only: stop listening now. The process exits by itself once this connection is over.
  server.close();
  socket.write('WELCOME\n'); // the server speaks first

  // TCP is a byte stream: the request line may arrive in several chunks, so keep them until '\n'.
  let pending = Buffer.alloc(0);
  let answered = false;
  socket.on('data', (chunk) => {
    if (answered) return; // anything after the request line is ignored
    pending = Buffer.concat([pending, chunk]);
    const newline = pending.indexOf('\n');
    if (newline < 0) return;
    answered = true;
    const line = pending.subarray(0, newline).toString('utf8').replace(/\r$/, '');
    // end(data): write() queues every byte (there is no short write in Node), then FIN after the last one.
    socket.end(answer(line));
  });
  // The client closed its side before a whole line came: answer what there is, like a last line.
  socket.on('end', () => {
    if (!answered) {
      answered = true;
      socket.end(answer(pending.toString('utf8')));
    }
  });
  socket.on('error', (err) => console.error(`client: ${err.message}`));
});

server.listen(port, host, () => {
  console.log(`listening on ${host}:${port}`);
});
