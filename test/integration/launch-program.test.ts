// Starting and stopping programs: process groups, SIGTERM then SIGKILL, output capped, nothing left.
import { describe, expect, it } from 'vitest';
import { listGroup } from '../../grader/kernel/proc-processes.ts';
import { launchProgram, STOP_GRACE_MS } from '../../grader/process/launch-program.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const shell = (command: string) => ({ file: command, args: [], shell: true, display: command });

function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => (predicate() ? resolve() : Date.now() > deadline ? reject(new Error('condition never held')) : setTimeout(tick, 5));
    tick();
  });
}

describe.runIf(process.platform === 'linux')('launchProgram', () => {
  it('stops a program that ignores SIGTERM with SIGKILL after the grace, children included', async () => {
    const program = launchProgram(shell(`trap '' TERM; sleep 30 & echo started; wait`), env, '/tmp');
    await until(() => program.output.text().includes('started') && listGroup(program.pid).length >= 2);
    const t = performance.now();
    const exit = await program.stop();
    expect(performance.now() - t).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
    expect(exit).toMatchObject({ signal: 'SIGKILL', stoppedByGrader: true });
    expect(listGroup(program.pid)).toEqual([]);
  });

  it('stops a well-behaved program at once with SIGTERM', async () => {
    const program = launchProgram(shell('echo ready; exec sleep 30'), env, '/tmp');
    await until(() => program.output.text().includes('ready'));
    const t = performance.now();
    expect(await program.stop()).toMatchObject({ signal: 'SIGTERM', stoppedByGrader: true });
    expect(performance.now() - t).toBeLessThan(STOP_GRACE_MS);
  });

  it('reports a program that ends by itself, with its code and output', async () => {
    const program = launchProgram(shell('echo oops >&2; exit 3'), env, '/tmp');
    expect(await program.exited).toMatchObject({ code: 3, stoppedByGrader: false });
    expect(program.output.lastLines()).toEqual(['oops']);
    await program.stop();
  });

  it('caps what it keeps of a flood of output', async () => {
    const program = launchProgram(shell('head -c 3000000 /dev/zero | tr "\\0" "x"; echo; echo last line'), env, '/tmp');
    await program.exited;
    await program.stop();
    expect(program.output.total).toBeGreaterThan(3_000_000);
    expect(program.output.text().length).toBeLessThanOrEqual(64 * 1024);
    expect(program.output.lastLines(1)).toEqual([expect.stringMatching(/^… \(\d+ earlier bytes not shown\)$/), 'last line']);
  });
});
