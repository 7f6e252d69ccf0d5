import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canReadKernelSockets, connectionSockets, countByState, decodeAddress, findServerSide, findTcpSocket, parseProcNetTcp, parseTcpLine, readTcpListeners, readTcpSockets, socketsOnPort,
} from '../../grader/kernel/proc-net-tcp.ts';
import { mayBeHeld } from '../../grader/runner/probe-bind.ts';

// Lines as Linux prints them: a listener on 127.0.0.1:8080 with 2 queued connections, one
// accepted connection in CLOSE_WAIT with 5 unread bytes, and a TIME_WAIT left by the client side.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000080:00000002 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:D431 08 00000000:00000005 00:00000000 00000000     0        0 4712 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:D432 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4800 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F91 0000000000000000FFFF00000100007F:C000 01 00000000:00000000 00:00000000 00000000     0        0 4801 1 0000000000000000 100 0 0 10 0
`;

describe('parseProcNetTcp', () => {
  it('reads addresses, ports, states, queues and inodes', () => {
    const sockets = parseProcNetTcp(TCP);
    expect(sockets).toHaveLength(3);
    expect(sockets[0]).toEqual({ localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', txQueue: 128, rxQueue: 2, inode: 4711 });
    expect(sockets[1]).toMatchObject({ state: 'CLOSE_WAIT', remotePort: 54321, rxQueue: 5 });
    expect(sockets[2]).toMatchObject({ state: 'TIME_WAIT', localPort: 54322, remotePort: 8080 });
  });

  it('reads IPv6 and IPv4-mapped addresses', () => {
    const [listener, mapped] = parseProcNetTcp(TCP6);
    expect(listener).toMatchObject({ localAddress: '::1', state: 'LISTEN', localPort: 8080 });
    expect(mapped).toMatchObject({ localAddress: '127.0.0.1', state: 'ESTABLISHED' });
  });

  it('skips blank and malformed lines', () => {
    expect(parseProcNetTcp('header\n\n  garbage\n')).toEqual([]);
  });

  it('finds a port\'s sockets and the server side of one connection', () => {
    const sockets = parseProcNetTcp(TCP);
    expect(socketsOnPort(8080, sockets).map((s) => s.state)).toEqual(['LISTEN', 'CLOSE_WAIT']);
    expect(findServerSide(8080, 54321, sockets)?.state).toBe('CLOSE_WAIT');
    expect(findServerSide(8080, 1, sockets)).toBeUndefined();
    expect(countByState(sockets)).toEqual({ LISTEN: 1, CLOSE_WAIT: 1, TIME_WAIT: 1 });
    expect(connectionSockets(8080, 54321, sockets).map((s) => s.state)).toEqual(['CLOSE_WAIT']);
    expect(connectionSockets(8080, 54322, sockets).map((s) => s.state)).toEqual(['TIME_WAIT']);
  });
});

describe('decodeAddress', () => {
  it('decodes the kernel\'s little-endian words', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeAddress('B80D0120000000000000000001000000', 'LE')).toBe('2001:db8::1');
    expect(decodeAddress('7F000001', 'BE')).toBe('127.0.0.1');
  });
});

// Copied from this course's machine: a Python server that accepted one client (20 bytes unread on
// the accepted socket, inode 815171) and waits in accept() on its listener (inode 815170), then a
// server whose client closed first (CLOSE_WAIT on the server side, an orphaned FIN_WAIT2 on the client side).
const REAL = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     
   3: 0100007F:A03D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 815170 1 000000007fcb51c3 100 0 0 10 0                    
 523: 0100007F:A03D 0100007F:B84E 01 00000000:00000014 00:00000000 00000000     0        0 815171 1 00000000134f5cee 20 4 30 10 -1                   
2016: 0100007F:B84E 0100007F:A03D 01 00000000:00000000 00:00000000 00000000     0        0 814324 1 0000000022990ef9 20 0 0 11 -1                    
1359: 0100007F:A506 0100007F:A03E 05 00000000:00000000 03:00001758 00000000     0        0 0 3 0000000088e01cbb                                      
1376: 0100007F:A03E 0100007F:A506 08 00000000:00000000 00:00000000 00000000     0        0 814367 1 00000000161041a5 20 4 0 10 -1                    
`;

describe('parseTcpLine on lines from a real kernel', () => {
  it('reads listener, connections, an orphaned FIN_WAIT2 and CLOSE_WAIT', () => {
    const sockets = parseProcNetTcp(REAL);
    expect(sockets.map((s) => [s.state, s.localPort, s.remotePort, s.rxQueue, s.inode])).toEqual([
      ['LISTEN', 41021, 0, 0, 815170],
      ['ESTABLISHED', 41021, 47182, 20, 815171],
      ['ESTABLISHED', 47182, 41021, 0, 814324],
      ['FIN_WAIT2', 42246, 41022, 0, 0],
      ['CLOSE_WAIT', 41022, 42246, 0, 814367],
    ]);
    expect(parseTcpLine(REAL.split('\n')[0]!)).toBeUndefined();
  });
});

describe('readTcpSockets against a real listener', () => {
  const servers: net.Server[] = [];
  const sockets: net.Socket[] = [];
  afterAll(() => {
    sockets.forEach((s) => s.destroy());
    servers.forEach((s) => s.close());
  });

  it.runIf(canReadKernelSockets())('finds a port\'s listener and both sides of a connection, with unread bytes', async () => {
    const server = net.createServer({ pauseOnConnect: true }, (c) => sockets.push(c)); // accepts, never reads
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    sockets.push(client);
    await new Promise((r) => client.once('connect', r));
    client.write('12345');
    await new Promise((r) => setTimeout(r, 100));
    const mine = readTcpSockets({ port });
    expect(mine.find((s) => s.state === 'LISTEN')).toMatchObject({ localAddress: '127.0.0.1', localPort: port });
    expect(findServerSide(port, client.localPort!, mine)).toMatchObject({ state: 'ESTABLISHED', rxQueue: 5 });
    expect(mine.find((s) => s.localPort === client.localPort)).toMatchObject({ remotePort: port });
    // Every socket of the port, and nothing else, whichever way the table was read.
    const all = readTcpSockets().filter((s) => s.localPort === port || s.remotePort === port);
    expect(mine).toHaveLength(all.length);
    // The cheap readers, which stop early, see what the whole table shows.
    const listener = mine.find((s) => s.state === 'LISTEN')!;
    expect(readTcpListeners(4).filter((s) => s.localPort === port)).toEqual([listener]);
    expect(readTcpListeners(4, new Set([listener.inode])).at(-1)).toEqual(listener);
    expect(readTcpListeners(4).every((s) => s.state === 'LISTEN')).toBe(true);
    expect(findTcpSocket(port, client.localPort!)).toEqual(findServerSide(port, client.localPort!, mine));
    expect(findTcpSocket(client.localPort!, port)).toMatchObject({ state: 'ESTABLISHED', remotePort: port });
    expect(findTcpSocket(port, 1)).toBeUndefined();
  });
});

describe('mayBeHeld: the bind test before the sweep for escaped processes', () => {
  it('is true while anything listens on the port (any address) or holds it for UDP, false once nothing does', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await mayBeHeld(port)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await mayBeHeld(port)).toBe(false);
    const dgram = await import('node:dgram');
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((r) => udp.bind(port, '127.0.0.1', r));
    expect(await mayBeHeld(port)).toBe(true);
    await new Promise<void>((r) => udp.close(r));
    expect(await mayBeHeld(port)).toBe(false);
  });
});
