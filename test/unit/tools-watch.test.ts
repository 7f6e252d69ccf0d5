// Watch mode's parts without a terminal: progress kept in .handshake/progress.json, the progress
// bar, hints one at a time, the screen's texts, and the folder watch with its debounce.
import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { HintCursor, hintsOf } from '../../grader/tools/hints.ts';
import { renderProgressBar } from '../../grader/tools/progress-bar.ts';
import { countPassed, emptyProgress, lessonToWatch, markPassed, PROGRESS_FILE, readProgress, writeProgress } from '../../grader/tools/progress.ts';
import { isSourceFile, watchFolder } from '../../grader/tools/watch-files.ts';
import { renderFooter, renderHeader, renderHint } from '../../grader/tools/watch-screen.ts';
import type { Check } from '../../grader/types.ts';

const c = pc.createColors(false);
const course = [{ number: 1 }, { number: 2 }, { number: 5 }];

describe('progress', () => {
  it('starts empty, and survives a missing or foreign file', () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'));
    expect(readProgress(root)).toEqual(emptyProgress());
    writeProgress(root, emptyProgress());
    writeFileSync(join(root, PROGRESS_FILE), '{"version": 7}');
    expect(readProgress(root)).toEqual(emptyProgress());
    writeFileSync(join(root, PROGRESS_FILE), '{"vers');
    expect(readProgress(root)).toEqual(emptyProgress());
  });

  it('records the first pass of a lesson and keeps its date', () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'));
    const first = markPassed(emptyProgress(), { number: 2 }, new Date('2025-01-02T03:04:05Z'));
    const again = markPassed(first, { number: 2 }, new Date('2025-06-01T00:00:00Z'));
    expect(again).toBe(first);
    writeProgress(root, again);
    expect(JSON.parse(readFileSync(join(root, '.handshake/progress.json'), 'utf8'))).toEqual({ version: 1, passed: { lesson2: '2025-01-02T03:04:05.000Z' } });
    expect(readProgress(root)).toEqual(again);
  });

  it('opens the first lesson not passed, the last when all are', () => {
    let p = emptyProgress();
    expect(lessonToWatch(course, p)).toEqual({ number: 1 });
    p = markPassed(p, { number: 1 }, new Date());
    expect(lessonToWatch(course, p)).toEqual({ number: 2 });
    p = markPassed(markPassed(p, { number: 2 }, new Date()), { number: 5 }, new Date());
    expect(lessonToWatch(course, p)).toEqual({ number: 5 });
    expect(countPassed(course, p)).toBe(3);
  });

  it('draws the bar', () => {
    expect(renderProgressBar(0, 10, 10)).toBe('[░░░░░░░░░░] 0/10 lessons passed');
    expect(renderProgressBar(3, 10, 10)).toBe('[███░░░░░░░] 3/10 lessons passed');
    expect(renderProgressBar(10, 10, 10)).toBe('[██████████] 10/10 lessons passed');
    expect(renderProgressBar(0, 0, 4)).toBe('[░░░░] 0/0 lessons passed');
  });
});

describe('hints', () => {
  const check = (id: string, hints?: unknown) => ({ id, title: id, hints, run: async () => ({ status: 'pass' }) }) as unknown as Check;
  const checks = [check('a', ['nudge', 'closer', 'the fix']), check('b'), check('c', ['', 3, 'only this'])];

  it('reads only hints that say something', () => {
    expect(hintsOf(checks[2]!)).toEqual(['only this']);
    expect(hintsOf(checks[1]!)).toEqual([]);
  });

  it('gives the first failing check\'s hints one at a time, then says there are no more', () => {
    const cursor = new HintCursor();
    const results = [{ id: 'a', status: 'fail' as const }, { id: 'b', status: 'fail' as const }];
    expect(cursor.next(checks, results)).toEqual({ kind: 'hint', checkId: 'a', text: 'nudge', number: 1, total: 3 });
    expect(cursor.next(checks, results)).toMatchObject({ text: 'closer', number: 2 });
    expect(cursor.next(checks, results)).toMatchObject({ text: 'the fix', number: 3 });
    expect(cursor.next(checks, results)).toEqual({ kind: 'no-more', checkId: 'a', total: 3 });
    expect(cursor.next(checks, [{ id: 'a', status: 'pass' }, { id: 'b', status: 'fail' }])).toEqual({ kind: 'none-written', checkId: 'b' });
    expect(cursor.next(checks, [{ id: 'a', status: 'skip' }, { id: 'b', status: 'error' }])).toEqual({ kind: 'nothing-fails' });
  });

  it('words each turn', () => {
    expect(renderHint({ kind: 'hint', checkId: 'a', text: 'nudge', number: 1, total: 3 }, { number: 5 }, c)).toBe('\nhint 1/3 for a:\n  nudge\n');
    expect(renderHint({ kind: 'none-written', checkId: 'b' }, { number: 5 }, c)).toContain('npm run lesson 5');
  });
});

describe('the watch screen', () => {
  it('says what is graded and how it is graded again', () => {
    expect(renderHeader({ graded: 'exercises/05-x/server.ts', folder: 'exercises/05-x', manual: false, run: 2, trigger: 'server.ts saved' }, c)).toBe('Handshake watch · run 2, server.ts saved · save a file in exercises/05-x/ to grade exercises/05-x/server.ts again\n');
    expect(renderHeader({ graded: 'e.ts', folder: 'e', manual: true, run: 1, trigger: 'lesson5 opened' }, c)).toContain('press r to grade e.ts again');
  });

  it('offers n only once the lesson passes, and names the next lesson', () => {
    const base = { lesson: { number: 5 }, manual: false, passedCount: 1, total: 3 };
    expect(renderFooter({ ...base, passed: false, next: { number: 6, slug: 'time-wait' } }, c)).not.toContain('n next lesson');
    const passed = renderFooter({ ...base, passed: true, next: { number: 6, slug: 'time-wait' } }, c);
    expect(passed).toContain('lesson5 passes! Press n for lesson6 (time-wait)');
    expect(passed).toContain('n next lesson');
    expect(passed).toContain('1/3 lessons passed');
    expect(renderFooter({ ...base, passed: true, passedCount: 3 }, c)).toContain('every lesson of the course');
  });
});

describe('watchFolder', () => {
  it('counts source files only, not editor droppings', () => {
    expect(['server.ts', 'server.py', 'util.mjs'].every(isSourceFile)).toBe(true);
    expect(['.server.ts.swp', 'server.ts~', '4913', '__pycache__', 'notes.txt'].some(isSourceFile)).toBe(false);
  });

  it('calls once for a burst of saves, also a save by rename', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    writeFileSync(join(dir, 'server.ts'), '// 1\n');
    const saves: string[] = [];
    const watch = watchFolder(dir, (file) => saves.push(file), 100);
    try {
      appendFileSync(join(dir, 'server.ts'), '// 2\n');
      appendFileSync(join(dir, 'server.ts'), '// 3\n');
      writeFileSync(join(dir, '.server.ts.swp'), 'x');
      await waitFor(() => saves.length > 0, 3000);
      await new Promise((r) => setTimeout(r, 300));
      expect(saves).toEqual([join(dir, 'server.ts')]);
      // vim's way: write another file, rename it over the original.
      writeFileSync(join(dir, 'server.ts.tmp~'), '// 4\n');
      renameSync(join(dir, 'server.ts.tmp~'), join(dir, 'server.ts'));
      await waitFor(() => saves.length > 1, 3000);
      expect(saves.at(-1)).toBe(join(dir, 'server.ts'));
    } finally {
      watch.close();
    }
  });
});

async function waitFor(test: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!test() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  expect(test()).toBe(true);
}
