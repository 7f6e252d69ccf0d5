// Resident memory from /proc/PID/statm: the parsers on sample text, the readers on real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PAGE_SIZE, groupMemory, groupRss, parseAuxvPageSize, parseSmapsRollupPss, parseStatm, processPss, processRss, systemPageSize,
} from '../../grader/kernel/proc-memory.ts';
import { canReadProcesses } from '../../grader/kernel/proc-processes.ts';

/** An auxiliary vector of 64-bit little-endian (type, value) pairs, ended by AT_NULL. */
function auxv(pairs: Array<[number, number]>, wordBytes = 8): Buffer {
  const buffer = Buffer.alloc((pairs.length + 1) * 2 * wordBytes);
  pairs.forEach(([type, value], i) => {
    if (wordBytes === 8) {
      buffer.writeBigUInt64LE(BigInt(type), i * 16);
      buffer.writeBigUInt64LE(BigInt(value), i * 16 + 8);
    } else {
      buffer.writeUInt32LE(type, i * 8);
      buffer.writeUInt32LE(value, i * 8 + 4);
    }
  });
  return buffer;
}

describe('parseStatm', () => {
  it('reads size, resident and shared pages (a line from this machine)', () => {
    expect(parseStatm('765 431 403 5 0 123 0\n')).toEqual({ sizePages: 765, residentPages: 431, sharedPages: 403 });
  });
});

describe('parseSmapsRollupPss', () => {
  it('reads the Pss line, not its Pss_* neighbours (lines from this machine)', () => {
    const text = '55d70824c000-7fff07baf000 ---p 00000000 00:00 0                          [rollup]\nRss:                1740 kB\nPss:                 221 kB\nPss_Dirty:           116 kB\n';
    expect(parseSmapsRollupPss(text)).toBe(221 * 1024);
    expect(parseSmapsRollupPss('Rss: 1 kB\n')).toBeUndefined();
  });
});

describe('parseAuxvPageSize', () => {
  it('finds AT_PAGESZ (6) among the other entries', () => {
    expect(parseAuxvPageSize(auxv([[33, 0x7ffd0000], [16, 0xbfebfbff], [6, 16384], [17, 100]]), 8, 'LE')).toBe(16384);
    expect(parseAuxvPageSize(auxv([[6, 4096]], 4), 4, 'LE')).toBe(4096);
  });

  it('stops at AT_NULL and says nothing when the entry is absent', () => {
    expect(parseAuxvPageSize(auxv([[16, 1]]), 8, 'LE')).toBeUndefined();
    expect(parseAuxvPageSize(Buffer.alloc(0))).toBeUndefined();
  });
});

describe.runIf(canReadProcesses())('memory of real processes', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && process.kill(-c.pid!, 'SIGKILL')));

  it('reads the page size the kernel gave this process', () => {
    expect([4096, 16384, 65536]).toContain(systemPageSize());
    if (process.arch === 'x64') expect(systemPageSize()).toBe(DEFAULT_PAGE_SIZE);
  });

  it('agrees with Node\'s own RSS for this process', () => {
    const rss = processRss(process.pid)!;
    expect(Math.abs(rss - process.memoryUsage().rss)).toBeLessThan(16 * 1024 * 1024);
  });

  it('sums the live members of a process group', async () => {
    // A shell leading its own group, with two sleeping children in it.
    const leader = spawn('sh', ['-c', 'sleep 30 & sleep 30 & echo started; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(leader);
    await new Promise((r) => leader.stdout!.once('data', r));
    const comms = () => groupMemory(leader.pid!)?.processes.map((p) => p.comm).sort().join(' ');
    // The shell may print before its forked children have exec'd sleep: wait for that, a bounded while.
    for (let i = 0; i < 200 && comms() !== 'sh sleep sleep'; i++) await new Promise((r) => setTimeout(r, 10));
    const memory = groupMemory(leader.pid!)!;
    expect(memory.processes.map((p) => p.comm).sort()).toEqual(['sh', 'sleep', 'sleep']);
    expect(memory.rssBytes).toBe(memory.processes.reduce((sum, p) => sum + p.rssBytes, 0));
    expect(groupRss(leader.pid!)).toBeGreaterThan(0);
    // The three share most of their pages: counted proportionally they are smaller than their RSS sum.
    expect(groupMemory(leader.pid!, { proportional: true })!.rssBytes).toBeLessThan(memory.rssBytes);
    expect(processPss(leader.pid!)).toBeGreaterThan(0);
    process.kill(-leader.pid!, 'SIGKILL');
    await new Promise((r) => leader.once('exit', r));
    expect(processRss(leader.pid!)).toBeUndefined();
  });
});
