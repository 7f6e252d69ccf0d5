// /proc/net/udp and udp6: parsing lines copied from a real kernel, and reading a real socket.
import dgram from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { canReadKernelSockets } from '../../grader/kernel/proc-net-tcp.ts';
import { parseProcNetUdp, parseUdpLine, readUdpSockets } from '../../grader/kernel/proc-net-udp.ts';

// From this course's machine: a receiver on 127.0.0.1:40001 with a tiny receive buffer (2 datagrams
// queued, 18 dropped), a sender connected to it, and the same pair over ::1.
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            
  900: 0100007F:9C41 00000000:0000 07 00000000:00000680 00:00000000 00000000     0        0 354380 2 000000009f35ebdc 18       
  901: 0100007F:9C42 0100007F:9C41 01 00000000:00000000 00:00000000 00000000     0        0 354381 2 000000007fba94b5 0        
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  902: 00000000000000000000000001000000:9C43 00000000000000000000000000000000:0000 07 00000000:00000340 00:00000000 00000000     0        0 354382 2 000000006ba8d052 0
12982: 00000000000000000000000001000000:CB73 00000000000000000000000001000000:9C43 01 00000000:00000000 00:00000000 00000000     0        0 354383 2 00000000c369d758 0
`;

describe('parseProcNetUdp', () => {
  it('reads bound and connected sockets, queues and drops', () => {
    const [receiver, sender] = parseProcNetUdp(UDP);
    expect(receiver).toEqual({
      localAddress: '127.0.0.1', localPort: 40001, remoteAddress: '0.0.0.0', remotePort: 0,
      state: 'UNCONNECTED', txQueue: 0, rxQueue: 0x680, inode: 354380, drops: 18,
    });
    expect(sender).toMatchObject({ localPort: 40002, remoteAddress: '127.0.0.1', remotePort: 40001, state: 'ESTABLISHED', drops: 0 });
  });

  it('reads IPv6 addresses and skips headers', () => {
    expect(parseProcNetUdp(UDP6).map((s) => [s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.state])).toEqual([
      ['::1', 40003, '::', 0, 'UNCONNECTED'],
      ['::1', 52083, '::1', 40003, 'ESTABLISHED'],
    ]);
    expect(parseUdpLine(UDP6.split('\n')[0]!)).toBeUndefined();
    expect(parseUdpLine('')).toBeUndefined();
  });
});

describe.runIf(canReadKernelSockets())('readUdpSockets against real sockets', () => {
  const sockets: dgram.Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));

  it('sees a bound socket and one connected to it, by either port', async () => {
    const receiver = dgram.createSocket('udp4');
    sockets.push(receiver);
    await new Promise<void>((r) => receiver.bind(0, '127.0.0.1', r));
    const port = receiver.address().port;
    expect(readUdpSockets({ port })).toEqual([expect.objectContaining({ localPort: port, state: 'UNCONNECTED', rxQueue: 0 })]);
    const sender = dgram.createSocket('udp4');
    sockets.push(sender);
    await new Promise<void>((r) => sender.connect(port, '127.0.0.1', r));
    const onPort = readUdpSockets({ port });
    expect(onPort.find((s) => s.localPort === sender.address().port)).toMatchObject({ state: 'ESTABLISHED', remotePort: port });
    expect(readUdpSockets({ port: sender.address().port })).toHaveLength(1);
  });
});
