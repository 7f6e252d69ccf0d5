// Lesson 7: a UDP echo server. Every datagram goes back to whoever sent it.
// Run it by hand with `npx tsx exercises/07-udp/server.ts`, grade it with `npm run grade lesson7`.
import dgram from 'node:dgram';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// One socket for every client: UDP has no connections, so there is no listen() and no accept().
const server = dgram.createSocket('udp4');

// 'message' fires once per datagram: msg is the whole datagram (it may be empty), rinfo its sender.
server.on('message', (msg, rinfo) => {
  console.log(`received ${msg.length} bytes from ${rinfo.address}:${rinfo.port}`);
  // TODO: send msg back, unchanged, to this datagram's sender (rinfo.port, rinfo.address).
  // Many clients share this socket, so never reply to an address you remembered earlier.
  // TODO: a 0-byte msg is a real datagram too: it gets a 0-byte reply.
});

// TODO: handle 'error' (a failed bind, for example): log err.message in one line and close the socket.

server.bind(port, host, () => {
  console.log(`udp echo server bound to ${host}:${port}`);
});
