import { describe, expect, it } from 'vitest';
import { connectionSockets, countByState, decodeAddress, findServerSide, parseProcNetTcp, socketsOnPort } from '../../grader/kernel/proc-net-tcp.ts';

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
