#!/usr/bin/env node
// `npm run package:gradescope -- lesson5`: builds dist/gradescope-lesson5.zip, a Gradescope
// autograder for one lesson. The zip holds setup.sh and run_autograder at its root (from
// classroom/gradescope/), the grader, the lessons and the lesson's exercise folder (no solutions),
// and autograder.env, which tells run_autograder the lesson and the file students submit.
// The zip is written here with Node's zlib (deflate, CRC-32), so no zip program is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function usage(message) {
  process.stderr.write(`package-gradescope: ${message}\nUsage: npm run package:gradescope -- LESSON [--out DIR]   (LESSON: lesson5, 5, 05 or server-loops)\n`);
  process.exit(2);
}

/** lesson5, 5, 05, server-loops or 05-server-loops → the lesson's folder name. */
function findLessonFolder(id) {
  const folders = readdirSync(join(root, 'lessons'), { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d\d-/.test(d.name)).map((d) => d.name);
  const numeric = /^(?:lesson)?0*(\d+)$/i.exec(id);
  const found = folders.find((f) => (numeric ? Number(f.slice(0, 2)) === Number(numeric[1]) : f === id || f.slice(3) === id));
  if (!found) usage(`no lesson "${id}": the course has ${folders.join(', ')}`);
  return found;
}

/** Every file under `dir` (relative to the project), without node_modules or caches. */
function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory() && !['node_modules', '__pycache__'].includes(entry.name)) out.push(...listFiles(rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** A zip archive (deflate, Unix modes so run_autograder stays executable), fixed timestamps. */
function buildZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, so the same tree gives the same zip
  for (const { name, data, mode } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so the external attributes carry the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outArg = outIndex >= 0 ? args.splice(outIndex, 2)[1] : join(root, 'dist');
if (!outArg) usage('--out needs a folder');
// npm run moves to the project root; a folder the user named is relative to where they were.
const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), outArg);
if (args.length !== 1) usage('name one lesson');
const folder = findLessonFolder(args[0]);
const lessonId = `lesson${Number(folder.slice(0, 2))}`;
const manifest = readFileSync(join(root, 'lessons', folder, 'lesson.ts'), 'utf8');
const exercise = /exercise:\s*'([^']+)'/.exec(manifest)?.[1];
if (!exercise || !existsSync(join(root, exercise))) usage(`lessons/${folder}/lesson.ts names no exercise file that exists`);
const exercisePy = exercise.replace(/\.ts$/, '.py');
const hasPy = exercisePy !== exercise && existsSync(join(root, exercisePy));

const files = [
  ...['package.json', 'package-lock.json', 'tsconfig.json', 'course.lock.json'].filter((f) => existsSync(join(root, f))),
  ...listFiles('bin'),
  ...listFiles('grader'),
  ...listFiles('lessons'),
  ...listFiles(dirname(exercise)),
];
const env = [
  '# Written by scripts/package-gradescope.mjs: what run_autograder grades.',
  `LESSON=${lessonId}`,
  `EXERCISE=${exercise}`,
  `EXERCISE_PY=${hasPy ? exercisePy : ''}`,
  '',
].join('\n');
const entries = [
  { name: 'setup.sh', data: readFileSync(join(root, 'classroom/gradescope/setup.sh')), mode: 0o755 },
  { name: 'run_autograder', data: readFileSync(join(root, 'classroom/gradescope/run_autograder')), mode: 0o755 },
  { name: 'autograder.env', data: Buffer.from(env), mode: 0o644 },
  ...files.map((f) => ({ name: f, data: readFileSync(join(root, f)), mode: statSync(join(root, f)).mode & 0o111 ? 0o755 : 0o644 })),
];

// A zip that grades with another course than the published one is allowed, but said.
try {
  execFileSync(process.execPath, [join(root, 'bin/grade.mjs'), '--verify-course'], { stdio: 'pipe' });
} catch (err) {
  process.stderr.write(`package-gradescope: warning: ${String(err.stderr ?? '').trim().split('\n')[0]}\n  the zip's reports will say "published": false; run npm run course:lock first to publish this course\n`);
}

mkdirSync(outDir, { recursive: true });
const zipPath = join(outDir, `gradescope-${lessonId}.zip`);
writeFileSync(zipPath, buildZip(entries));
process.stdout.write(`${relative(process.env.INIT_CWD ?? process.cwd(), zipPath) || zipPath}: ${entries.length} files for ${lessonId} (students submit ${exercise.split('/').pop()}${hasPy ? ` or ${exercisePy.split('/').pop()}` : ''})\n`);
