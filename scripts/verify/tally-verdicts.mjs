// Tallies the checks of `--reporter json` documents: how many of each status, and every check that
// did not pass, with its message. A file that is not a JSON report (the grader crashed, or was
// killed) counts as unreadable, with the end of its .err file.
//   node scripts/verify/tally-verdicts.mjs FILE...
// The last line is machine-readable: "pass=N fail=N error=N skip=N stall-errors=N unreadable=N".
import { existsSync, readFileSync } from 'node:fs';

const counts = { pass: 0, fail: 0, error: 0, skip: 0, 'stall-errors': 0, unreadable: 0 };

for (const file of process.argv.slice(2)) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    counts.unreadable++;
    const err = existsSync(`${file}.err`) ? readFileSync(`${file}.err`, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    console.log(`  ${file}: no JSON report${err ? ` (stderr: ${err.slice(0, 300)})` : ''}`);
    continue;
  }
  for (const lesson of doc.lessons ?? []) {
    for (const check of lesson.checks ?? []) {
      counts[check.status] = (counts[check.status] ?? 0) + 1;
      if (check.status === 'error' && /grader itself was stalled/.test(check.message)) counts['stall-errors']++;
      if (check.status !== 'pass') {
        const message = String(check.message).replace(/\s+/g, ' ').slice(0, 400);
        console.log(`  ${file.split('/').pop()}: ${check.id} ${check.status} (${check.durationMs} ms): ${message}`);
      }
    }
  }
}

console.log(Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' '));
