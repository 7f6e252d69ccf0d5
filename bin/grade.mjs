#!/usr/bin/env node
// Starts the grader on plain `node`: the TypeScript sources are bundled once into a cache and
// rebuilt only when they (or the dependencies) change, so no TypeScript loader runs on every grading.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'node_modules', '.cache', 'handshake', 'grader.mjs');

/** Every TypeScript source of the grader and the lessons: path, size and modification time. */
function listSources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listSources(path, out);
    else if (entry.name.endsWith('.ts')) {
      const { size, mtimeMs } = statSync(path);
      out.push(`${path}:${size}:${mtimeMs}`);
    }
  }
  return out;
}

// Equality, not "newer than": a tree copied with old times, or an upgraded dependency
// (package-lock.json), must rebuild too.
function fingerprint() {
  const lock = statSync(join(root, 'package-lock.json'), { throwIfNoEntry: false });
  const parts = [...listSources(join(root, 'grader')), ...listSources(join(root, 'lessons')), `lock:${lock?.size}:${lock?.mtimeMs}`, process.version];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

async function ensureBundle() {
  const print = fingerprint();
  const stamp = `${bundle}.fingerprint`;
  if (existsSync(bundle) && existsSync(stamp) && readFileSync(stamp, 'utf8') === print) return;
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'grader', 'cli.ts')],
    outfile: bundle,
    write: false,
    bundle: true,
    // Dependencies are bundled too (one file parses faster than a hundred modules resolve);
    // esbuild stays outside because it finds its native binary relative to its own package.
    external: ['esbuild'],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // Bundled CommonJS dependencies call require(); give the ES module bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // Written beside the target, then renamed: a grader started meanwhile never loads half a
  // file. The map first and the fingerprint last, so a bundle is never newer than its stamp.
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  const code = result.outputFiles.find((f) => !f.path.endsWith('.map'));
  for (const [path, contents] of [[map.path, map.contents], [code.path, code.contents], [stamp, print]]) {
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, contents);
    renameSync(partial, path);
  }
}

await ensureBundle();
process.env.HANDSHAKE_ROOT ??= root;
await import(pathToFileURL(bundle).href);
