import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canReadProcesses, listGroupFromLeader, parseProcStat, parseSchedstat, TICK_MS } from '../../grader/kernel/proc-processes.ts';

describe('parseProcStat', () => {
  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    const text = '4242 (my (odd) server) S 4200 4242 4200 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 1 0 12345 1000 100';
    expect(parseProcStat(text)).toEqual({ pid: 4242, comm: 'my (odd) server', state: 'S', ppid: 4200, pgrp: 4242, session: 4200, cpuTicks: 42 });
    expect(TICK_MS).toBe(10);
  });
});

describe('parseSchedstat', () => {
  it('turns nanoseconds of running and waiting into ms', () => {
    expect(parseSchedstat('150000000 2500000 42\n')).toEqual({ runMs: 150, waitMs: 2.5, runs: 42 });
  });
});

describe.runIf(canReadProcesses())('listGroupFromLeader on a real group', () => {
  it('finds the leader and its children, and shares a recent walk with pollers that allow it', async () => {
    const leader = spawn('sh', ['-c', 'sleep 30 & echo started; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((r) => leader.stdout!.once('data', r));
      const pid = leader.pid!;
      const first = listGroupFromLeader(pid);
      expect(first.map((p) => p.pgrp)).toEqual([pid, pid]);
      // detached: the leader called setsid(), so its session is its own pid.
      expect(first.every((p) => p.session === pid)).toBe(true);
      expect(listGroupFromLeader(pid, { maxAgeMs: 60_000 })).toBe(first);
      expect(listGroupFromLeader(pid)).not.toBe(first);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });
});
