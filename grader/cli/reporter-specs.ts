// Reads `--reporter NAME[=FILE]` (repeatable) into reporters: a FILE is relative to where the user
// ran the command, its folder must exist, two reporters never share a file, and a document on the
// terminal has the terminal to itself. pretty is the default; under GitHub Actions (GITHUB_ACTIONS
// =true) github joins by itself unless named.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DOCUMENT_REPORTERS, REPORTERS, type ReporterName, type ReporterSpec } from '../report/create-reporter.ts';

export class ReporterSpecError extends Error {}

export function parseReporterSpec(text: string, baseDir: string): ReporterSpec {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (!REPORTERS.includes(name as ReporterName)) throw new ReporterSpecError(`unknown reporter "${name}": choose ${REPORTERS.join(', ')} (add =FILE to write to a file)`);
  if (eq < 0) return { name: name as ReporterName };
  const file = text.slice(eq + 1);
  if (file.trim() === '') throw new ReporterSpecError(`--reporter ${name}= needs a file name after the =, e.g. --reporter ${name}=results.${name === 'junit' ? 'xml' : 'json'}`);
  const path = resolve(baseDir, file);
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) throw new ReporterSpecError(`--reporter ${text}: the folder ${dirname(path)} does not exist`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new ReporterSpecError(`--reporter ${text}: ${path} is a folder; name a file`);
  return { name: name as ReporterName, path };
}

/** The reporters a run uses: the ones named (or pretty), plus github under GitHub Actions. */
export function planReporters(texts: readonly string[], baseDir: string, env: NodeJS.ProcessEnv): ReporterSpec[] {
  const specs = texts.length > 0 ? texts.map((t) => parseReporterSpec(t, baseDir)) : [{ name: 'pretty' as const }];
  if (env.GITHUB_ACTIONS === 'true' && !specs.some((s) => s.name === 'github')) specs.push({ name: 'github' });
  const files = new Map<string, string>();
  for (const s of specs) {
    if (!s.path) continue;
    const other = files.get(s.path);
    if (other) throw new ReporterSpecError(`${other} and ${s.name} cannot both write ${s.path}: give each its own file`);
    files.set(s.path, s.name);
  }
  const onTerminal = specs.filter((s) => !s.path && s.name !== 'github');
  const document = onTerminal.find((s) => DOCUMENT_REPORTERS.includes(s.name));
  if (document && onTerminal.length > 1) {
    const others = onTerminal.filter((s) => s !== document).map((s) => s.name);
    throw new ReporterSpecError(`${document.name} prints a whole document on the terminal, so ${others.join(' and ')} cannot print there too: give one a file, e.g. --reporter ${document.name}=results.${document.name === 'junit' ? 'xml' : 'json'}`);
  }
  return specs;
}
