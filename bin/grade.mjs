#!/usr/bin/env node
// Starts the grader on plain `node`: the TypeScript sources are bundled once into a cache and
// rebuilt only when one of them changes, so no TypeScript loader runs on every grading.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'node_modules', '.cache', 'handshake', 'grader.mjs');

/** Newest modification time of the grader's and the lessons' TypeScript sources. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

async function ensureBundle() {
  const sources = Math.max(newestSource(join(root, 'grader')), newestSource(join(root, 'lessons')));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
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
  // Written beside the target, then renamed: a grader started meanwhile never loads half a file.
  for (const file of result.outputFiles.sort((a) => (a.path.endsWith('.map') ? -1 : 1))) {
    const partial = `${file.path}.${process.pid}.tmp`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}

await ensureBundle();
process.env.HANDSHAKE_ROOT ??= root;
await import(pathToFileURL(bundle).href);
