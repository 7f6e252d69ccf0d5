// Off Linux, or with HANDSHAKE_NO_PROC=1, every kernel reader answers empty or undefined and never throws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSocketOwners, processesOnPort } from '../../grader/kernel/find-socket-owners.ts';
import { groupMemory, groupRss, processPss, processRss } from '../../grader/kernel/proc-memory.ts';
import { readTcpSockets } from '../../grader/kernel/proc-net-tcp.ts';
import { readUdpSockets } from '../../grader/kernel/proc-net-udp.ts';
import { readUnixSockets } from '../../grader/kernel/proc-net-unix.ts';
import { groupSocketInodes, listGroup } from '../../grader/kernel/proc-processes.ts';
import { whatGroupIsDoing, whatProcessIsDoing } from '../../grader/kernel/proc-syscall.ts';

describe('kernel readers without /proc', () => {
  const before = process.env.HANDSHAKE_NO_PROC;
  beforeAll(() => {
    process.env.HANDSHAKE_NO_PROC = '1';
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HANDSHAKE_NO_PROC;
    else process.env.HANDSHAKE_NO_PROC = before;
  });

  it('say nothing rather than guess', () => {
    expect(readTcpSockets()).toEqual([]);
    expect(readTcpSockets({ port: 80, maxAgeMs: 10 })).toEqual([]);
    expect(readUdpSockets({ port: 53 })).toEqual([]);
    expect(readUnixSockets({ path: '/tmp/x.sock' })).toEqual([]);
    expect(processRss(process.pid)).toBeUndefined();
    expect(groupRss(process.pid)).toBeUndefined();
    expect(groupMemory(process.pid)).toBeUndefined();
    expect(processPss(process.pid)).toBeUndefined();
    expect(whatProcessIsDoing(process.pid)).toEqual([]);
    expect(whatGroupIsDoing(process.pid)).toEqual([]);
    expect(findSocketOwners([1, 2, 3])).toEqual({ owners: [], complete: true, unreadable: 0 });
    expect(processesOnPort(80)).toEqual({ holders: [], complete: true, unreadable: 0 });
    expect(listGroup(process.pid)).toEqual([]);
    expect(groupSocketInodes(process.pid).size).toBe(0);
  });
});
