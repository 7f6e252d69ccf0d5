// Lesson 7 reference solution: a UDP echo server. Each datagram goes back, whole, to its sender.
import dgram from 'node:dgram';
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// One socket serves every client: UDP has no connections, so there is nothing to listen on or accept.
const server = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');

// One 'message' per datagram, never a piece of one and never two joined; msg may be empty.
server.on('message', (msg, rinfo) => {
  // Answer this datagram's sender. Never a remembered address: the next datagram may come from someone else.
  server.send(msg, rinfo.port, rinfo.address, (err) => {
    // With a callback, a failed send is reported here and the socket carries on.
    if (err) console.error(`reply to ${rinfo.address}:${rinfo.port} failed: ${err.message}`);
  });
});

// The socket is not connected, so a vanished client's "port unreachable" never shows up here.
// What does (a failed bind, for example) is fatal: say so in one line and stop.
server.on('error', (err) => {
  console.error(`udp echo server: ${err.message}`);
  server.close();
  process.exitCode = 1;
});

server.bind(port, host, () => {
  console.log(`udp echo server bound to ${host}:${port}`);
});
