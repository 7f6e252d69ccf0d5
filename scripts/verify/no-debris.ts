// How often a SIGKILL of the grader leaves debris (a process of the program, or a listener on its
// port), for each way of killing it. Run through no-debris.sh; see kill-grader.ts for one try.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { killGraderOnce, type KillMode } from './kill-grader.ts';

const { values } = parseArgs({
  options: {
    tries: { type: 'string', default: '20' },
    // Grade from another checkout (e.g. an older commit, to compare).
    root: { type: 'string', default: resolve(import.meta.dirname, '..', '..') },
    modes: { type: 'string', default: 'group,grader' },
    verbose: { type: 'boolean', default: false },
  },
});
const tries = Number(values.tries);
const modes = values.modes.split(',') as KillMode[];
const describe = { group: 'SIGKILL of the grader\'s process group', grader: 'SIGKILL of the grader process alone' };

console.log(`grading from ${values.root}; ${tries} tries per mode; the kill lands as soon as the program's first process appears`);
let anyDebris = false;
for (const mode of modes) {
  let debris = 0;
  let valid = 0;
  for (let i = 1; i <= tries; i++) {
    const t = await killGraderOnce(mode, { root: values.root });
    if (!t.sawProgram) {
      console.log(`  ${mode} try ${i}: the program never appeared (try not counted)`);
      continue;
    }
    valid++;
    const left = t.leftProcesses.length > 0 || t.leftListening.length > 0;
    if (left) debris++;
    if (left || values.verbose) {
      console.log(`  ${mode} try ${i}: ${t.leftProcesses.length} program process(es) left${t.leftProcesses.map((p) => ` [${p.pid} ${p.command.slice(0, 80)}]`).join('')}; listening on ${t.leftListening.join(', ') || 'no port'}; ${t.leftOthers} other process(es) of the run left`);
    }
  }
  anyDebris ||= debris > 0;
  console.log(`${describe[mode]}: ${debris} of ${valid} left debris`);
}
process.exit(anyDebris ? 1 : 0);
