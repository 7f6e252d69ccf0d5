#!/usr/bin/env node
// Measures what the course promises about speed, on this machine:
// - launching a student's program costs at most 1.5x plain `node` on the same code;
// - grading all of lesson 5 against the solution takes less than ~0.68 s (learnyounode's verify).
// Bounded: a fixed number of runs, each with a time limit. Prints medians; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(cmd, args) {
  const t = performance.now();
  execFileSync(cmd, args, { cwd: root, stdio: 'ignore', timeout: 30_000 });
  return performance.now() - t;
}

/** ms from spawn until the program listens on its port (seen in /proc/net/tcp), then it is stopped. */
async function timeToListen(cmd, args, port) {
  const t = performance.now();
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: 'ignore' });
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A`;
  try {
    for (let i = 0; i < 5000; i++) {
      if (readFileSync('/proc/net/tcp', 'utf8').includes(hex)) return performance.now() - t;
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error(`${cmd} never listened`);
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

// Warm the caches the grader keeps (its own bundle, the compiled solution).
execFileSync(process.execPath, ['bin/grade.mjs', 'lesson5', '--solution'], { cwd: root, stdio: 'ignore' });
const compiled = readdirSync(join(root, 'node_modules/.cache/handshake')).find((f) => f.startsWith('server-') && f.endsWith('.mjs'));
const js = join(root, 'node_modules/.cache/handshake', compiled);

const launch = { node: [], grader: [], tsx: [] };
for (let i = 0; i < RUNS; i++) {
  const port = 20000 + Math.floor(Math.random() * 10000);
  // The same server code: stripped of types by hand (plain node) versus what the grader launches.
  launch.node.push(await timeToListen(process.execPath, [js], port));
  launch.grader.push(await timeToListen(process.execPath, ['--enable-source-maps', js], port + 1));
  launch.tsx.push(await timeToListen(process.execPath, ['--import', 'tsx', 'solutions/05-server-loops/server.ts'], port + 2));
}
const grading = { direct: [], npm: [] };
for (let i = 0; i < RUNS; i++) {
  grading.direct.push(timeCommand(process.execPath, ['bin/grade.mjs', 'lesson5', '--solution']));
  grading.npm.push(timeCommand('npm', ['run', '--silent', 'grade', '--', 'lesson5', '--solution']));
}
const ms = (x) => `${Math.round(x)} ms`;
console.log(`launch to listening (median of ${RUNS}):`);
console.log(`  plain node on the compiled file   ${ms(median(launch.node))}`);
console.log(`  as the grader launches it          ${ms(median(launch.grader))}  (${(median(launch.grader) / median(launch.node)).toFixed(2)}x plain node; target <= 1.5x)`);
console.log(`  node --import tsx on the .ts       ${ms(median(launch.tsx))}  (what the grader avoids)`);
console.log(`grading all of lesson 5 against the solution (median of ${RUNS}):`);
console.log(`  node bin/grade.mjs                 ${ms(median(grading.direct))}  (target < 680 ms)`);
console.log(`  npm run grade                      ${ms(median(grading.npm))}  (npm run adds its own start-up)`);
