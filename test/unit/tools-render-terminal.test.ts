// `npm run lesson`: Markdown for the terminal, in colour or plain, and the text layout under it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLesson } from '../../grader/course/render-lesson.ts';
import { renderTerminal, terminalOptions } from '../../grader/course/render-terminal.ts';
import { fitColumns, layoutTable } from '../../grader/tools/terminal-table.ts';
import { displayWidth, KEEP_SPACE, stripAnsi, wrapText } from '../../grader/tools/text-width.ts';
import type { Lesson } from '../../grader/types.ts';

const plain = { color: false, width: 60 };
const color = { color: true, width: 60 };
const root = resolve(import.meta.dirname, '../..');

describe('text layout', () => {
  it('counts columns: ANSI none, CJK two, combining marks none', () => {
    expect(displayWidth('\x1b[1mab\x1b[22m')).toBe(2);
    expect(displayWidth('半连接池')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('── ▶')).toBe(4);
  });

  it('wraps at spaces, keeps long words whole, honours hard breaks, and keeps code together', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghij k', 4)).toEqual(['abcdefghij', 'k']);
    expect(wrapText('a\nb', 10)).toEqual(['a', 'b']);
    expect(wrapText(`x socket.on('end',${KEEP_SPACE}f)`, 20)).toEqual(['x', "socket.on('end', f)"]);
    // Code longer than a whole line breaks at its own spaces, as a last resort.
    expect(wrapText(['aaaa', 'bbbb', 'cccc'].join(KEEP_SPACE), 9)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('narrows the widest table column first, never below its floor', () => {
    expect(fitColumns([10, 50], 40)).toEqual([10, 27]);
    expect(fitColumns([30, 30], 40)).toEqual([18, 19]);
    expect(fitColumns([5, 5], 80)).toEqual([5, 5]);
    expect(fitColumns([40, 40, 40], 20)).toEqual([10, 10, 10]);
    const lines = layoutTable({ header: ['a', 'b'], rows: [['1', 'one two three four']], align: [null, 'left'] }, 12, { header: (s) => s, rule: (s) => s });
    // The second column stops at its floor (10): the table is wider than asked rather than unreadable.
    expect(lines).toEqual(['a │ b', '──┼───────────', '1 │ one two', '  │ three four']);
  });
});

describe('renderTerminal', () => {
  const md = [
    '# Title',
    '',
    'Some **bold** and *em* and `code here` text.',
    '',
    '## Part',
    '',
    '### Small',
    '',
    '- one',
    '- two',
    '  - nested',
    '',
    '1. first',
    '2. second',
    '',
    '```text',
    'client ── FIN ──────────────────────────────────────────────────────────▶ server',
    '```',
    '',
    '| a | b |',
    '|---|--:|',
    '| x | 10 |',
    '',
    '> quoted',
    '',
    '<!-- a note for authors -->',
  ].join('\n');

  it('renders plain text for a pipe: setext headings, backticked code, no ANSI', () => {
    const out = renderTerminal(md, plain);
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).toContain('Title\n=====');
    expect(out).toContain('Part\n----');
    expect(out).toContain('### Small');
    expect(out).toContain('Some bold and em and `code here` text.');
    expect(out).toContain('- one\n- two\n  - nested');
    expect(out).toContain('1. first\n2. second');
    expect(out).toContain('a │  b\n──┼───\nx │ 10');
    expect(out).toContain('│ quoted');
    expect(out).not.toContain('a note for authors');
  });

  it('keeps code blocks as they are, however wide (diagrams)', () => {
    const line = renderTerminal(md, plain).split('\n').find((l) => l.includes('FIN'))!;
    expect(line).toBe('    client ── FIN ──────────────────────────────────────────────────────────▶ server');
  });

  it('colours headings, emphasis and code on a terminal', () => {
    const out = renderTerminal(md, color);
    expect(out).toContain('\x1b[1mbold\x1b[22m');
    expect(out).toContain('\x1b[36mcode here\x1b[39m');
    expect(out).toContain('• one');
    expect(stripAnsi(out)).toContain('Some bold and em and code here text.');
  });

  it('wraps prose to the width', () => {
    const out = renderTerminal(`${'word '.repeat(40)}\n`, { color: false, width: 30 });
    expect(Math.max(...out.split('\n').map(displayWidth))).toBeLessThanOrEqual(30);
  });

  it('is plain without a terminal, with NO_COLOR, or on a dumb terminal', () => {
    expect(terminalOptions({ isTTY: true, columns: 120 }, {})).toEqual({ color: true, width: 100 });
    expect(terminalOptions({ isTTY: true, columns: 70 }, {})).toEqual({ color: true, width: 69 });
    expect(terminalOptions({ isTTY: true, columns: 120 }, { NO_COLOR: '1' }).color).toBe(false);
    expect(terminalOptions({ isTTY: true, columns: 120 }, { TERM: 'dumb' }).color).toBe(false);
    expect(terminalOptions({}, {})).toEqual({ color: false, width: 80 });
  });

  it('leaves an unknown template variable an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-md-'));
    writeFileSync(join(dir, 'lesson.md'), '# {{lesson.title}}\n\nRun {{grade_command}}.\n');
    const lesson = { number: 9, slug: 'x', title: 'X', dir, exercise: 'e.ts', solution: 's.ts', checks: [], fixtures: [] } as Lesson;
    expect(() => renderLesson(lesson)).toThrow(/grade_command/);
  });

  it('prints lesson 5 through npm run lesson, plain into a pipe', () => {
    const out = execFileSync('npm', ['run', '--silent', 'lesson', '5'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).toMatch(/^Lesson 5: /);
    expect(out).toContain('- `many-messages`:');
    expect(out).toContain('    conn, addr = srv.accept()');
  });

  it('says which lesson does not exist, with exit 2', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync('npm', ['run', '--silent', 'lesson', '99'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      ({ status, stderr } = err as { status: number; stderr: string });
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/^lesson: no lesson "99"/);
  });
});
