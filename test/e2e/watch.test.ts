// `npm run watch` through a real terminal (tmux): it grades lesson 5's stub, grades again when the
// exercise is saved from another window, shows a hint on h, records the lesson once it passes, opens
// the next lesson on n, and quits on q leaving no program behind. Runs in a copy of the project, so
// the exercise it edits is nobody's.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The project without node_modules (linked instead), as a student's checkout would hold it. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handshake-watch-'));
  for (const entry of ['grader', 'lessons', 'exercises', 'solutions', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** A hint on the first check the stub fails, so that h has one to show whatever the lesson carries. */
function addHint(dir: string): void {
  const file = join(dir, 'lessons/05-server-loops/checks/many-messages.ts');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain("id: 'many-messages',");
  writeFileSync(file, text.replace("id: 'many-messages',", "id: 'many-messages', hints: ['Echo what arrives: write each chunk back.'],"));
}

describe.runIf(hasTmux)('npm run watch in a terminal', () => {
  const socket = `handshake-test-${process.pid}`;
  let dir = '';
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-J', '-t', 'w:0', '-S', '-200');

  /** Polls the screen until `test` holds; bounded, and the last screen is in the failure. */
  async function waitForScreen(test: (text: string) => boolean, ms: number): Promise<string> {
    const until = Date.now() + ms;
    let text = '';
    while (Date.now() < until) {
      text = screen();
      if (test(text)) return text;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the screen did not show what was awaited within ${ms} ms:\n${text}`);
  }

  beforeAll(() => {
    dir = copyProject();
    addHint(dir);
    // INIT_CWD from an outer npm would make the grader run programs from there, not the copy.
    tmux('new-session', '-d', '-s', 'w', '-x', '150', '-y', '50', '-c', dir, `env -u INIT_CWD npm run watch lesson5; echo WATCH-EXITED-$?; sleep 120`);
    tmux('new-window', '-d', '-t', 'w:1', '-c', dir);
  });

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    // kill-server leaves its socket file behind.
    rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('grades, re-grades on save, hints, records a pass, moves on with n and quits with q', { timeout: 240_000 }, async () => {
    const first = await waitForScreen((s) => s.includes('does not pass yet'), 90_000);
    expect(first).toMatch(/run 1, lesson5 opened/);
    expect(first).toMatch(/✗ many-messages/);
    expect(first).toMatch(/\[░+\] 0\/\d+ lessons passed/);

    // Saved from another window, as an editor would.
    tmux('send-keys', '-t', 'w:1', "echo '// edited' >> exercises/05-server-loops/server.ts", 'Enter');
    const second = await waitForScreen((s) => /run 2, server\.ts saved/.test(s) && s.includes('does not pass yet'), 90_000);
    expect(second).not.toMatch(/run 1,/);

    tmux('send-keys', '-t', 'w:0', 'h');
    const hinted = await waitForScreen((s) => /hint 1\/\d+ for many-messages:/.test(s), 10_000);
    expect(hinted).toMatch(/hint 1\/\d+ for many-messages:\s+\S/);

    tmux('send-keys', '-t', 'w:1', 'cp solutions/05-server-loops/server.ts exercises/05-server-loops/server.ts', 'Enter');
    const passed = await waitForScreen((s) => s.includes('lesson5 passes!'), 90_000);
    expect(passed).toMatch(/\[█+░*\] 1\/\d+ lessons passed/);
    const progress = JSON.parse(readFileSync(join(dir, '.handshake/progress.json'), 'utf8'));
    expect(Object.keys(progress.passed)).toEqual(['lesson5']);

    tmux('send-keys', '-t', 'w:0', 'n');
    await waitForScreen((s) => /lesson6 opened/.test(s) && s.includes('lesson6 · time-wait'), 30_000);

    tmux('send-keys', '-t', 'w:0', 'q');
    await waitForScreen((s) => s.includes('WATCH-EXITED-0'), 15_000);
    // Every program the watch started ran from the copy; none may outlive it.
    const left = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === dir && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/^(-?bash|sh|sleep|tmux)/);
      } catch {
        return false;
      }
    });
    expect(left).toEqual([]);
  });

  it('watches nothing with --manual: a save does not grade, r does', { timeout: 180_000 }, async () => {
    tmux('kill-window', '-t', 'w:0');
    tmux('new-window', '-d', '-t', 'w:0', '-c', dir, `env -u INIT_CWD npm run watch lesson5 -- --manual; echo MANUAL-EXITED-$?; sleep 120`);
    const first = await waitForScreen((s) => s.includes('keys:') && s.includes('run 1,'), 90_000);
    expect(first).toContain('press r to grade');
    tmux('send-keys', '-t', 'w:1', "echo '// again' >> exercises/05-server-loops/server.ts", 'Enter');
    await new Promise((r) => setTimeout(r, 1500));
    expect(screen()).not.toMatch(/run 2,/);
    tmux('send-keys', '-t', 'w:0', 'r');
    await waitForScreen((s) => /run 2, r pressed/.test(s) && s.includes('keys:'), 90_000);
    tmux('send-keys', '-t', 'w:0', 'q');
    await waitForScreen((s) => s.includes('MANUAL-EXITED-0'), 15_000);
    expect(existsSync(join(dir, '.handshake/progress.json'))).toBe(true);
  });
});
