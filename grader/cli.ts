// Entry point of `npm run grade`.
import { main } from './cli/main.ts';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Once the reports are out, nothing left over (a closing lock socket, a check's abandoned wait) may keep
// the grader alive: leave as soon as stdout and stderr have drained (process.exit could cut a piped write short).
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
