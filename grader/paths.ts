// Where the project lives on disk, whatever the current directory is.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is grader/paths.ts, or inlined into the grader's bundle in node_modules/.cache/handshake.
const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = process.env.HANDSHAKE_ROOT ?? (here.includes('node_modules') ? resolve(here.split('node_modules')[0]!) : resolve(here, '..'));
