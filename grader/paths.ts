// Where the project lives on disk, whatever the current directory is.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is grader/paths.ts, or inlined into the grader's bundle in node_modules/.cache/handshake.
const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = process.env.HANDSHAKE_ROOT ?? (here.includes('node_modules') ? resolve(here.split('node_modules')[0]!) : resolve(here, '..'));

/** Where the user ran the command from: npm sets INIT_CWD, since `npm run` itself moves to the project root. */
export function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** A path as the report shows it: relative inside the project, absolute outside it. */
export function displayPath(path: string): string {
  const absolute = resolve(projectRoot, path);
  const inside = relative(projectRoot, absolute);
  return inside.startsWith('..') || isAbsolute(inside) ? absolute : inside;
}
