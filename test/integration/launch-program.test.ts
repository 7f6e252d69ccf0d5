// Starting and stopping programs: process groups, SIGTERM then SIGKILL, output capped, nothing left.
import { describe, expect, it } from 'vitest';
import { listGroup } from '../../grader/kernel/proc-processes.ts';
import { launchProgram, STOP_GRACE_MS } from '../../grader/process/launch-program.ts';

const options = { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: '/tmp' };
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
    const program = await launchProgram(shell(`trap '' TERM; sleep 30 & echo started; wait`), options);
    await until(() => program.output.text().includes('started') && listGroup(program.pid).length >= 2);
    const t = performance.now();
    const exit = await program.stop();
    expect(performance.now() - t).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
    expect(exit).toMatchObject({ signal: 'SIGKILL', stoppedByGrader: true });
    expect(listGroup(program.pid)).toEqual([]);
  });

  it('stops a well-behaved program at once with SIGTERM', async () => {
    const program = await launchProgram(shell('echo ready; exec sleep 30'), options);
    await until(() => program.output.text().includes('ready'));
    const t = performance.now();
    expect(await program.stop()).toMatchObject({ signal: 'SIGTERM', stoppedByGrader: true });
    expect(performance.now() - t).toBeLessThan(STOP_GRACE_MS);
  });

  it('reports a program that ends by itself, with its code, its time and its output', async () => {
    const program = await launchProgram(shell('echo oops >&2; exit 3'), options);
    const exit = await program.exited;
    expect(exit).toMatchObject({ code: 3, stoppedByGrader: false });
    expect(exit.atMs).toBeGreaterThan(0);
    expect(program.exitInfo()).toBe(exit);
    expect(program.output.lastLines()).toEqual(['oops']);
    // Stopping a program that has already ended changes nothing about how it ended.
    expect(await program.stop()).toMatchObject({ code: 3, stoppedByGrader: false });
  });

  it('keeps stdout and stderr apart as well as interleaved', async () => {
    const program = await launchProgram(shell('echo out 1; echo err 1 >&2; echo out 2'), options);
    await program.exited;
    await program.stop();
    expect(program.stdout.lastLines()).toEqual(['out 1', 'out 2']);
    expect(program.stderr.lastLines()).toEqual(['err 1']);
    expect(program.output.lastLines().sort()).toEqual(['err 1', 'out 1', 'out 2']);
  });

  it('sends a signal to the whole group, and waits for an exit in bounded time', async () => {
    const program = await launchProgram(shell(`trap 'echo got usr1; exit 7' USR1; echo ready; while :; do sleep 0.05; done`), options);
    await until(() => program.output.text().includes('ready'));
    expect(await program.waitForExit(50)).toBeUndefined();
    expect(program.signal('SIGUSR1')).toBe(true);
    expect(await program.waitForExit(2000)).toMatchObject({ code: 7, stoppedByGrader: false });
    expect(program.output.lastLines()).toContain('got usr1');
    await program.stop();
    expect(program.signal('SIGUSR1')).toBe(false);
  });

  it('runs the program itself behind the gate: same pid, no gate descriptor left open, its environment and folder', async () => {
    const program = await launchProgram(shell('echo pid=$$; [ -e /proc/self/fd/3 ] && echo fd3=open || echo fd3=closed; echo dir=$(pwd) var=$HS_TEST_VAR'), {
      env: { ...options.env, HS_TEST_VAR: 'seen' },
      cwd: '/tmp',
    });
    await program.exited;
    await program.stop();
    expect(program.stdout.lastLines()).toEqual([`pid=${program.pid}`, 'fd3=closed', 'dir=/tmp var=seen']);
  });

  it('caps what it keeps of a flood of output', async () => {
    const program = await launchProgram(shell('head -c 3000000 /dev/zero | tr "\\0" "x"; echo; echo last line'), options);
    await program.exited;
    await program.stop();
    expect(program.output.total).toBeGreaterThan(3_000_000);
    expect(program.output.text().length).toBeLessThanOrEqual(64 * 1024);
    expect(program.output.lastLines(1)).toEqual([expect.stringMatching(/^… \(\d+ earlier bytes not shown\)$/), 'last line']);
  });

  it('reports a command that cannot be run as an exit with its error, not a crash of the grader', async () => {
    const program = await launchProgram({ file: '/nonexistent/program', args: [], shell: false, display: 'missing' }, options);
    const exit = await program.exited;
    expect(exit.code).not.toBe(0);
    await program.stop();
    expect(program.output.text()).toMatch(/nonexistent\/program/);
  });
});
