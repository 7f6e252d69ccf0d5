// course.lock.json: the published digest of the course (written by `npm run course:lock`), what
// `--verify-course` compares against, and the `course` stamp every machine-readable report carries.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashCourse, type CourseHashes } from './course-files.ts';

export const LOCK_FILE = 'course.lock.json';
const SCHEMA = 'handshake/course-lock/v1';

export interface CourseLock extends CourseHashes {
  schema: typeof SCHEMA;
}

/** What a report says about the course it graded with: its digest, and whether that is the published one. */
export interface CourseStamp {
  digest: string;
  published: boolean;
}

export interface CourseDifference {
  changed: string[];
  added: string[];
  removed: string[];
}

/** The lock, or a sentence saying why there is none to compare with. */
export function readCourseLock(root: string): CourseLock | string {
  let text: string;
  try {
    text = readFileSync(join(root, LOCK_FILE), 'utf8');
  } catch {
    return `there is no ${LOCK_FILE}: run npm run course:lock to publish the course`;
  }
  try {
    const lock = JSON.parse(text) as CourseLock;
    if (lock.schema !== SCHEMA || typeof lock.digest !== 'string' || typeof lock.files !== 'object' || lock.files === null) throw new Error();
    return lock;
  } catch {
    return `${LOCK_FILE} is not a course lock (schema ${SCHEMA}): run npm run course:lock to write it again`;
  }
}

export function writeCourseLock(root: string): CourseLock {
  const lock: CourseLock = { schema: SCHEMA, ...hashCourse(root) };
  writeFileSync(join(root, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
  return lock;
}

export function compareCourse(current: CourseHashes, lock: CourseHashes): CourseDifference {
  const now = Object.keys(current.files);
  const then = Object.keys(lock.files);
  return {
    changed: now.filter((p) => p in lock.files && lock.files[p] !== current.files[p]),
    added: now.filter((p) => !(p in lock.files)),
    removed: then.filter((p) => !(p in current.files)),
  };
}

export function stampCourse(root: string): CourseStamp {
  const current = hashCourse(root);
  const lock = readCourseLock(root);
  return { digest: current.digest, published: typeof lock !== 'string' && lock.digest === current.digest };
}
