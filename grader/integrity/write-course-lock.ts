// `npm run course:lock`: publishes the course by writing the digest of its grader and checks to
// course.lock.json (commit it). Reports then say `published: true` for gradings with this course.
import { projectRoot } from '../paths.ts';
import { LOCK_FILE, writeCourseLock } from './course-lock.ts';

const lock = writeCourseLock(projectRoot);
process.stdout.write(`${LOCK_FILE}: ${lock.digest} over ${Object.keys(lock.files).length} files\n`);
