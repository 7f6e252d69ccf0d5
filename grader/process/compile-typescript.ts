// Turns a TypeScript program into one cached JavaScript file, once per run, so every launch
// costs a plain `node` start instead of a TypeScript loader's.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../paths.ts';

const compiled = new Map<string, Promise<string>>();

export function cacheDir(): string {
  return join(projectRoot, 'node_modules', '.cache', 'handshake');
}

export class CompileError extends Error {}

/** Returns the path of the compiled program; compiles at most once per source file per run. */
export function compileTypeScript(sourcePath: string): Promise<string> {
  let pending = compiled.get(sourcePath);
  if (!pending) {
    pending = compile(sourcePath);
    compiled.set(sourcePath, pending);
  }
  return pending;
}

async function compile(sourcePath: string): Promise<string> {
  let code: string;
  try {
    const result = await build({
      entryPoints: [sourcePath],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Inline source maps let `node --enable-source-maps` show the student's own .ts lines in stack traces.
      sourcemap: 'inline',
      write: false,
      logLevel: 'silent',
    });
    code = result.outputFiles[0]!.text;
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors ?? [];
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    throw new CompileError(lines.join('\n') || String(err));
  }
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = cacheDir();
  const target = join(dir, `${basename(sourcePath).replace(/\.[^.]+$/, '')}-${hash}.mjs`);
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    // Write then rename: two graders compiling the same file never see a half-written one.
    const partial = `${target}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, target);
  }
  return target;
}
