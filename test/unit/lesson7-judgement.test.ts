// Lesson 7's pure judgement: datagrams against what was sent, bursts as multisets, whose replies
// reached whom, what a vanished client did, the kernel's view of a UDP socket, and the causes named.
import { describe, expect, it } from 'vitest';
import type { Language } from '../../grader/process/program-spec.ts';
import { createRng } from '../../grader/runner/rng.ts';
import { burstCause, describeBurst, distinctSizes } from '../../lessons/07-udp/checks/boundaries.ts';
import { alteredCause, capitalize, truncatedCause, wrongSourceCause } from '../../lessons/07-udp/checks/causes.ts';
import { refusedCause } from '../../lessons/07-udp/checks/client-gone.ts';
import { tcpVersusUdp } from '../../lessons/07-udp/checks/empty-datagram.ts';
import { clientsOk, describeClients, judgeClientGone, judgeClients, nameClients, soleReceiver } from '../../lessons/07-udp/checks/judge-clients.ts';
import { describeEchoProblem, describeSize, formatSize, judgeBurst, judgeEchoDatagram, listSizes } from '../../lessons/07-udp/checks/judge-datagrams.ts';
import { connectedPeer, describeUdpSocket, type UdpSocket } from '../../lessons/07-udp/checks/kernel-udp.ts';
import { misrouteCause } from '../../lessons/07-udp/checks/many-clients.ts';
import { parseUdpNoPorts } from '../../lessons/07-udp/checks/udp-counters.ts';

const python = { language: 'python' as Language };
const node = { language: 'node' as Language };
const server = { address: '127.0.0.1', port: 40001 };
const from = (data: Buffer, address = '127.0.0.1', port = 40001) => ({ data, from: { address, port } });
const bytes = (n: number, seed = 1) => createRng(seed).bytes(n);

describe('judgeEchoDatagram (one reply against the datagram it answers)', () => {
  const sent = bytes(300);

  it('accepts the same bytes from the address the client wrote to', () => {
    expect(judgeEchoDatagram(sent, from(Buffer.from(sent)), server)).toBeUndefined();
  });

  it('names a missing reply, a cut one, a repeat and changed bytes', () => {
    expect(judgeEchoDatagram(sent, undefined, server)).toEqual({ kind: 'none' });
    expect(judgeEchoDatagram(sent, from(sent.subarray(0, 100)), server)).toEqual({ kind: 'truncated', size: 100 });
    const earlier = [bytes(20, 7)];
    expect(judgeEchoDatagram(sent, from(earlier[0]!), server, earlier)).toEqual({ kind: 'repeat', size: 20, of: 1 });
    const changed = Buffer.from(sent);
    changed[42] = changed[42]! ^ 0xff;
    expect(judgeEchoDatagram(sent, from(changed), server)).toEqual({ kind: 'wrong-bytes', size: 300, offset: 42 });
    expect(judgeEchoDatagram(sent, from(Buffer.concat([sent, Buffer.from('\n')])), server)).toEqual({ kind: 'wrong-bytes', size: 301, offset: 300 });
  });

  it('judges the source address only once the bytes are right', () => {
    expect(judgeEchoDatagram(sent, from(Buffer.from(sent), '127.0.0.1', 51234), server)).toEqual({ kind: 'wrong-source', from: '127.0.0.1:51234' });
    expect(judgeEchoDatagram(sent, from(sent.subarray(0, 10), '127.0.0.1', 51234), server)).toMatchObject({ kind: 'truncated' });
  });

  it('treats an empty datagram as a datagram, not as nothing', () => {
    expect(judgeEchoDatagram(Buffer.alloc(0), from(Buffer.alloc(0)), server)).toBeUndefined();
    expect(judgeEchoDatagram(Buffer.alloc(0), from(Buffer.from('x')), server)).toMatchObject({ kind: 'wrong-bytes', size: 1 });
  });

  it('says what came back in exact sizes', () => {
    expect(describeEchoProblem({ kind: 'truncated', size: 1024 }, 60_000, '127.0.0.1:40001', 2000)).toBe('a datagram of 1,024 bytes came back: the first 1,024 bytes of the 60,000 bytes sent, the rest cut off');
    expect(describeEchoProblem({ kind: 'none' }, 5, '127.0.0.1:40001', 2000)).toBe('no reply within 2 s');
    expect(describeEchoProblem({ kind: 'wrong-source', from: '127.0.0.1:5' }, 5, '127.0.0.1:40001', 2000)).toContain('not from 127.0.0.1:40001');
    expect([formatSize(1), formatSize(0), describeSize(0), listSizes([1000, 3])]).toEqual(['1 byte', '0 bytes', 'an empty datagram (0 bytes)', '1,000, 3']);
  });
});

describe('judgeBurst (every datagram back once, in any order)', () => {
  const sent = [3, 1000, 17, 250].map((n, i) => bytes(n, i + 10));

  it('accepts the same datagrams in another order', () => {
    expect(judgeBurst(sent, [sent[2]!, sent[0]!, sent[3]!, sent[1]!])).toEqual({ missing: [], strays: [] });
  });

  it('sees datagrams joined in the order they were sent', () => {
    const judged = judgeBurst(sent, [Buffer.concat(sent)]);
    expect(judged).toEqual({ missing: [1, 2, 3, 4], strays: [{ kind: 'joined', size: 1270, first: 1, count: 4 }] });
    expect(describeBurst(judged, [from(Buffer.concat(sent))], sent.map((d) => d.length))).toBe('1 datagram came back, of 1,270 bytes: datagrams 1 to 4 joined into one, in the order they were sent');
    expect(judgeBurst(sent, [sent[0]!, Buffer.concat([sent[1]!, sent[2]!]), sent[3]!]).strays).toEqual([{ kind: 'joined', size: 1017, first: 2, count: 2 }]);
  });

  it('names lost datagrams, second copies, pieces and strangers', () => {
    expect(judgeBurst(sent, [sent[0]!, sent[1]!, sent[3]!])).toEqual({ missing: [3], strays: [] });
    expect(judgeBurst(sent, [...sent, sent[1]!]).strays).toEqual([{ kind: 'duplicate', size: 1000, of: 2 }]);
    expect(judgeBurst(sent, [sent[0]!, sent[1]!.subarray(0, 512), sent[2]!, sent[3]!])).toEqual({ missing: [2], strays: [{ kind: 'piece', size: 512, of: 2 }] });
    expect(judgeBurst(sent, [...sent, Buffer.from('hello')]).strays).toEqual([{ kind: 'unknown', size: 5 }]);
    expect(judgeBurst(sent, [])).toEqual({ missing: [1, 2, 3, 4], strays: [] });
  });

  it('does not name a datagram as lost when it came back inside a joined one', () => {
    const got = [from(Buffer.concat([sent[0]!, sent[1]!])), from(sent[3]!)];
    const text = describeBurst(judgeBurst(sent, got.map((g) => g.data)), got, sent.map((d) => d.length));
    expect(text).toBe('2 datagrams came back (sizes: 1,003, 250); the one of 1,003 bytes is datagrams 1 to 2 joined into one, in the order they were sent; datagram 3 (of 17 bytes) did not come back');
  });

  it('words the cause after the worst stray', () => {
    expect(burstCause(python, judgeBurst(sent, [Buffer.concat(sent)]), [])).toMatch(/joined several datagrams.*Answer each recvfrom\(\) with its own sendto\(\)/);
    expect(burstCause(node, judgeBurst(sent, [Buffer.concat(sent)]), [])).toContain('Buffer.concat');
    expect(burstCause(python, judgeBurst(sent, [sent[0]!]), [])).toContain('never answered');
  });

  it('draws distinct sizes within bounds, the same for the same seed', () => {
    const sizes = distinctSizes(createRng(5), 10, 1000);
    expect(new Set(sizes).size).toBe(10);
    expect(sizes.every((n) => n >= 1 && n <= 1000)).toBe(true);
    expect(distinctSizes(createRng(5), 10, 1000)).toEqual(sizes);
  });
});

describe('judgeClients (each client gets its own replies, and only those)', () => {
  const sent = (c: number) => [1, 2, 3].map((k) => Buffer.from(`client ${c}, datagram ${k}`));

  it('passes when every client got exactly its own', () => {
    const logs = [1, 2, 3].map((c) => ({ sent: sent(c), got: [...sent(c)].reverse() }));
    expect(clientsOk(judgeClients(logs))).toBe(true);
  });

  it('finds every reply gone to the last sender', () => {
    const logs = [1, 2, 3].map((c) => ({ sent: c === 3 ? sent(c) : sent(c).slice(0, 1), got: [] as Buffer[] }));
    logs[2]!.got = [sent(1)[0]!, sent(2)[0]!, ...sent(3)];
    const findings = judgeClients(logs);
    expect(findings.map((f) => f.unanswered)).toEqual([1, 1, undefined]);
    expect(findings[2]!.foreign).toEqual([[1, 1], [2, 1]]);
    expect(soleReceiver(findings)).toBe(3);
    expect(describeClients(findings, 2000)).toBe('clients 1 and 2 got no reply to their datagram 1 within 2 s; client 3 got 2 datagrams meant for clients 1 and 2');
  });

  it('counts a second copy of its own as a stray, and spreads misroutes across receivers', () => {
    const logs = [{ sent: sent(1), got: [...sent(1), sent(1)[0]!] }, { sent: sent(2), got: [...sent(2), sent(3)[0]!] }, { sent: sent(3).slice(0, 1), got: [sent(2)[0]!] }];
    const findings = judgeClients(logs);
    expect(findings[0]).toMatchObject({ strays: 1, foreign: [] });
    expect(findings[2]).toMatchObject({ unanswered: 1, foreign: [[2, 1]] });
    expect(soleReceiver(findings)).toBeUndefined();
    expect(clientsOk(findings)).toBe(false);
  });

  it('names clients in plain English', () => {
    expect([nameClients([4]), nameClients([2, 5]), nameClients([2, 3, 4, 5])]).toEqual(['client 4', 'clients 2 and 5', 'clients 2, 3, 4 and 5']);
  });
});

describe('judgeClientGone (what a vanished client did to the server)', () => {
  const base = { served: false, connected: false, stillBound: true };

  it('passes a server that served the next client, and puts an exit first', () => {
    expect(judgeClientGone({ ...base, served: true })).toBe('served');
    expect(judgeClientGone({ ...base, served: true, exit: { crash: true } })).toBe('crashed');
    expect(judgeClientGone({ ...base, exit: { crash: false } })).toBe('ended');
  });

  it('tells a connected socket, a reply sent to the gone client, and silence apart', () => {
    expect(judgeClientGone({ ...base, connected: true, bouncedAfter: true })).toBe('connected');
    expect(judgeClientGone({ ...base, bouncedAfter: true })).toBe('replied-to-gone');
    expect(judgeClientGone({ ...base, bouncedAfter: true, stillBound: false })).toBe('silent');
    expect(judgeClientGone({ ...base })).toBe('silent');
  });
});

describe('the kernel\'s view of the UDP socket', () => {
  const socket = (over: Partial<UdpSocket>): UdpSocket => ({ localAddress: '127.0.0.1', localPort: 40001, remoteAddress: '0.0.0.0', remotePort: 0, state: 'UNCONNECTED', txQueue: 0, rxQueue: 0, inode: 1, drops: 0, ...over });

  it('names connect() when the socket has a fixed peer', () => {
    const connected = [socket({ state: 'ESTABLISHED', remoteAddress: '127.0.0.1', remotePort: 5555 })];
    expect(connectedPeer(connected)).toBe('127.0.0.1:5555');
    expect(describeUdpSocket(connected, 40001)).toMatch(/connected to 127\.0\.0\.1:5555 \(state ESTABLISHED.*connect\(\)/);
    expect(connectedPeer([socket({})])).toBeUndefined();
  });

  it('says whether datagrams wait unread and how many were dropped', () => {
    expect(describeUdpSocket([socket({ rxQueue: 768, drops: 3 })], 40001)).toBe('the kernel shows your socket 127.0.0.1:40001 unconnected, as a server\'s should be, with datagrams waiting unread in its receive queue; it has dropped 3 datagrams because its receive queue was full');
    expect(describeUdpSocket([], 40001)).toContain('no UDP socket on port 40001');
    expect(describeUdpSocket([], 40001, false)).toContain('cannot be read');
  });

  it('reads Udp NoPorts from /proc/net/snmp', () => {
    const snmp = 'Ip: Forwarding DefaultTTL\nIp: 1 64\nUdp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\nUdp: 3563 89 926 4584 926 0 0 0 0\nUdpLite: InDatagrams NoPorts\nUdpLite: 0 0\n';
    expect(parseUdpNoPorts(snmp)).toBe(89);
    expect(parseUdpNoPorts('Ip: 1 64\n')).toBeUndefined();
  });
});

describe('causes, in the program\'s language', () => {
  it('blames recvfrom(1024) in Python and slicing in Node', () => {
    expect(truncatedCause(python)).toContain('recvfrom(65535)');
    expect(truncatedCause(node)).not.toContain('recvfrom');
  });

  it('spots text decoding, a second socket, and says why UDP differs from TCP', () => {
    expect(alteredCause(node, Buffer.from('a\ufffdb'))).toContain('U+FFFD');
    expect(wrongSourceCause(python)).toContain('server.sendto(data, addr)');
    expect(tcpVersusUdp(python)).toMatch(/FIN.*8-byte header/);
  });

  it('names the remembered client and the connected socket', () => {
    expect(misrouteCause(node, 1)).toContain('client 1, the first client');
    expect(misrouteCause(python, 5)).toContain('client 5');
    expect(misrouteCause(python, undefined)).toContain('the address of the datagram it answers');
    expect(refusedCause(python, 'ConnectionRefusedError: [Errno 111]', '127.0.0.1:5555')).toMatch(/ECONNREFUSED.*connected to 127\.0\.0\.1:5555/);
    expect(refusedCause(node, '', undefined)).toContain('IP_RECVERR');
    expect(refusedCause(node, '', undefined, false)).toContain('when it is connected');
    expect(capitalize('answer each')).toBe('Answer each');
  });
});
