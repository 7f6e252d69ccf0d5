// Turns a TypeScript program into one cached JavaScript file, once per run, so every launch
// costs a plain `node` start instead of a TypeScript loader's.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { displayPath, projectRoot } from '../paths.ts';

const compiled = new Map<string, Promise<string>>();

export function cacheDir(): string {
  return join(projectRoot, 'node_modules', '.cache', 'handshake');
}

export class CompileError extends Error {}

/** Forgets what this process compiled, so that a later run compiles a changed source again (watch mode). */
export function forgetCompiled(): void {
  compiled.clear();
}

/** Returns the path of the compiled program; compiles at most once per source file per run. */
export function compileTypeScript(sourcePath: string): Promise<string> {
  let pending = compiled.get(sourcePath);
  if (!pending) {
    pending = compile(sourcePath);
    compiled.set(sourcePath, pending);
  }
  return pending;
}

/** The cache entry for a source: valid while every file that went into it is unchanged. */
interface CacheEntry {
  output: string;
  inputs: Record<string, string>;
}

function hashFile(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

function entryPath(sourcePath: string): string {
  return join(cacheDir(), `${createHash('sha256').update(sourcePath).digest('hex').slice(0, 16)}.json`);
}

// A warm run reads a few small files instead of starting esbuild at all.
function readCache(sourcePath: string): string | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryPath(sourcePath), 'utf8')) as CacheEntry;
    const fresh = existsSync(entry.output) && Object.entries(entry.inputs).every(([file, hash]) => hashFile(file) === hash);
    return fresh ? entry.output : undefined;
  } catch {
    return undefined;
  }
}

async function compile(sourcePath: string): Promise<string> {
  const cached = readCache(sourcePath);
  if (cached) return cached;
  let code: string;
  let inputs: string[];
  try {
    // Imported only on a cache miss: loading esbuild costs more than the rest of a warm start.
    const { build } = await import('esbuild');
    const result = await build({
      metafile: true,
      entryPoints: [sourcePath],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Inline source maps let `node --enable-source-maps` show the student's own .ts lines in stack traces.
      sourcemap: 'inline',
      absWorkingDir: projectRoot,
      write: false,
      logLevel: 'silent',
    });
    code = result.outputFiles[0]!.text;
    inputs = Object.keys(result.metafile.inputs).map((p) => resolve(projectRoot, p));
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors ?? [];
    const lines = errors.map((e) => (e.location ? `${displayPath(e.location.file)}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    throw new CompileError(lines.join('\n') || String(err));
  }
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = cacheDir();
  const target = join(dir, `${basename(sourcePath).replace(/\.[^.]+$/, '')}-${hash}.mjs`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(target)) writeAtomically(target, code);
  const entry: CacheEntry = { output: target, inputs: Object.fromEntries(inputs.map((p) => [p, hashFile(p) ?? ''])) };
  writeAtomically(entryPath(sourcePath), JSON.stringify(entry));
  return target;
}

/** Write then rename: two graders compiling the same file never see a half-written one. */
function writeAtomically(target: string, text: string): void {
  const partial = `${target}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, target);
}
