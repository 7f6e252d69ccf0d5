// The course manifest: every lesson, in order.
import sockets from './01-sockets/lesson.ts';
import families from './02-families/lesson.ts';
import api from './03-api/lesson.ts';
import handshakes from './04-handshakes/lesson.ts';
import serverLoops from './05-server-loops/lesson.ts';
import timeWait from './06-time-wait/lesson.ts';
import udp from './07-udp/lesson.ts';
import type { Lesson } from '../grader/types.ts';

export const course: Lesson[] = [sockets, families, api, handshakes, serverLoops, timeWait, udp];
