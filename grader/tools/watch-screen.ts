// What watch mode prints around a grading: a header (the course's progress, the lesson, what is
// watched), a footer (the verdict in one line and the keys), and hints. Pure text, tested alone.
import type pc from 'picocolors';
import { lessonId } from '../runner/run-lessons.ts';
import type { Lesson } from '../types.ts';
import type { HintTurn } from './hints.ts';
import { renderProgressBar } from './progress-bar.ts';
import { wrapText } from './text-width.ts';

type Colors = ReturnType<typeof pc.createColors>;

export const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

export interface HeaderInfo {
  /** The file graded and the folder watched, relative to the project. */
  graded: string;
  folder: string;
  manual: boolean;
  /** Which grading of this session it is, and what started it ("server.ts saved", "r pressed"). */
  run: number;
  trigger: string;
}

export function renderHeader(h: HeaderInfo, c: Colors): string {
  const how = h.manual ? `press r to grade ${h.graded} again` : `save a file in ${h.folder}/ to grade ${h.graded} again`;
  return `${c.bold('Handshake watch')} ${c.dim(`· run ${h.run}, ${h.trigger} · ${how}`)}\n`;
}

export interface FooterInfo {
  lesson: Pick<Lesson, 'number'>;
  /** How the last grading ended; undefined while the first one runs. */
  passed?: boolean;
  next?: Pick<Lesson, 'number' | 'slug'>;
  manual: boolean;
  /** Lessons whose exercise has passed, of how many. */
  passedCount: number;
  total: number;
}

export function renderFooter(f: FooterInfo, c: Colors): string {
  const id = lessonId(f.lesson);
  let verdict: string;
  if (f.passed === undefined) verdict = c.dim('grading…');
  else if (!f.passed) verdict = c.red(`${id} does not pass yet. Read the first ✗ above, fix it, ${f.manual ? 'save and press r' : 'and save'}.`);
  else if (f.next) verdict = c.green(`${id} passes! Press n for ${lessonId(f.next)} (${f.next.slug}); read it first with npm run lesson ${f.next.number}.`);
  else verdict = c.green(f.passedCount === f.total ? `${id} passes, and with it every lesson of the course. Well done.` : `${id} passes. It is the course's last lesson; ${f.total - f.passedCount} before it do not pass yet, and npm run watch opens the first of them.`);
  const keys = ['h hint', 'r re-run', ...(f.passed && f.next ? ['n next lesson'] : []), 'q quit'].map((k) => `${c.bold(k[0]!)}${k.slice(1)}`);
  return `\n${renderProgressBar(f.passedCount, f.total)}\n${verdict}\n${c.dim('keys:')} ${keys.join(c.dim(' · '))}\n`;
}

export function renderHint(turn: HintTurn, lesson: Pick<Lesson, 'number'>, c: Colors, width = 80): string {
  const box = (title: string, body: string) => `\n${c.yellow(c.bold(title))}\n${wrapText(body, width - 2).map((l) => `  ${l}`).join('\n')}\n`;
  switch (turn.kind) {
    case 'hint':
      return box(`hint ${turn.number}/${turn.total} for ${turn.checkId}:`, turn.text);
    case 'no-more':
      return box(`no more hints for ${turn.checkId}`, `You have seen all ${turn.total}. The failure's "cause" line above and the lesson (npm run lesson ${lesson.number}) say the rest.`);
    case 'none-written':
      return box(`no hints written for ${turn.checkId}`, `Its failure above says what the grader's client did, expected and saw, and the likely cause. The lesson explains the check: npm run lesson ${lesson.number}.`);
    case 'nothing-fails':
      return box('nothing to hint at', 'No check fails right now.');
  }
}
