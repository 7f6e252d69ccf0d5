// Lesson 2 reference solution: one server on three endpoints (a Unix socket, 127.0.0.1 and ::1)
// that tells each client which address family it came through, and from where.
import fs from 'node:fs';
import net from 'node:net';

const port = Number(process.env.PORT ?? 8080);
const socketPath = process.env.SOCKET_PATH ?? '/tmp/families.sock';

// A Unix socket's file outlives a process that dies, and bind() on an existing path fails with
// EADDRINUSE. Remove it only if it is a socket that nobody answers on any more.
async function removeStaleSocket(path: string): Promise<void> {
  try {
    if (!fs.lstatSync(path).isSocket()) return; // a regular file is not ours to delete
  } catch {
    return; // nothing there
  }
  const stale = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path, () => {
      probe.destroy();
      resolve(false); // a live server: leave it, and let listen() report EADDRINUSE
    });
    probe.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
  if (stale) fs.unlinkSync(path);
}

function listen(where: net.ListenOptions, describe: (socket: net.Socket) => string): net.Server {
  const server = net.createServer((socket) => {
    // Connections never keep the process alive: after SIGTERM, closing the listeners is enough.
    socket.unref();
    socket.on('error', (err) => console.error(`client: ${err.message}`));
    socket.end(`${describe(socket)}\n`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`cannot listen on ${where.path ?? `${where.host} port ${where.port}`}: ${err.message}`);
    // A host without IPv6 (no ::1 on lo, as in many containers) still gets the other two endpoints.
    if (where.host !== '::1' || !['EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(err.code ?? '')) shutDown(1);
  });
  server.listen(where);
  return server;
}

await removeStaleSocket(socketPath);

// One net.Server per endpoint; each knows its own family. (For a Unix socket peer Node reports
// no address at all: remoteFamily, remoteAddress and remotePort are undefined.)
const servers = [
  listen({ path: socketPath }, () => 'unix'),
  listen({ host: '127.0.0.1', port }, (s) => `ipv4 ${s.remoteAddress}:${s.remotePort}`),
  // ::1 is not the wildcard address, so it never takes IPv4 clients: ipv6Only changes nothing here.
  listen({ host: '::1', port }, (s) => `ipv6 [${s.remoteAddress}]:${s.remotePort}`),
];

// server.close() on the Unix socket's server also unlinks its file: Node does that, not the kernel.
function shutDown(code: number): void {
  process.exitCode = code;
  for (const server of servers) server.close();
}

process.on('SIGTERM', () => shutDown(0));
