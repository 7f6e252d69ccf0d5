// Lesson Markdown for the terminal: headings, emphasis, code, lists and tables, in ANSI colours
// for a terminal, or as plain text (setext headings, `code` in backticks) for a pipe or NO_COLOR.
// Code blocks are printed as they are, never wrapped: they hold diagrams.
import { Lexer, type Token, type Tokens } from 'marked';
import pc from 'picocolors';
import { layoutTable } from '../tools/terminal-table.ts';
import { displayWidth, KEEP_SPACE, wrapText } from '../tools/text-width.ts';

export interface TerminalOptions {
  color: boolean;
  /** Columns prose is wrapped to (code blocks keep their lines whatever their length). */
  width: number;
}

/** Colours only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb. */
export function terminalOptions(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): TerminalOptions {
  const color = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  const width = stream.isTTY && stream.columns ? Math.min(stream.columns - 1, 100) : 80;
  return { color, width: Math.max(30, width) };
}

export function renderTerminal(markdown: string, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const r = new TerminalRenderer(c, options.color);
  return `${r.blocks(new Lexer().lex(markdown), options.width).join('\n')}\n`;
}

type Colors = ReturnType<typeof pc.createColors>;

class TerminalRenderer {
  constructor(private readonly c: Colors, private readonly color: boolean) {}

  /** Blocks separated by a blank line (`tight`: by none, as in a tight list item). */
  blocks(tokens: readonly Token[], width: number, tight = false): string[] {
    const out: string[] = [];
    for (const token of tokens) {
      const lines = this.block(token, width);
      if (lines.length === 0) continue;
      if (out.length > 0 && !tight) out.push('');
      out.push(...lines);
    }
    return out;
  }

  private block(t: Token, width: number): string[] {
    const { c } = this;
    switch (t.type) {
      case 'heading': {
        const text = this.inline(t.tokens ?? []).replaceAll(KEEP_SPACE, ' ');
        const lines = wrapText(text, width);
        const rule = (ch: string) => ch.repeat(Math.min(width, Math.max(...lines.map(displayWidth))));
        if (t.depth === 1) return [...lines.map((l) => c.bold(c.cyan(l))), c.cyan(rule('='))];
        if (t.depth === 2) return [...lines.map((l) => c.bold(c.cyan(l))), c.dim(rule('-'))];
        const marks = `${'#'.repeat(t.depth)} `;
        if (this.color) return lines.map((l) => c.bold(l));
        return wrapText(text, width - marks.length).map((l, i) => (i === 0 ? marks : ' '.repeat(marks.length)) + l);
      }
      case 'paragraph':
      case 'text':
        return wrapText(t.tokens ? this.inline(t.tokens) : (t as Tokens.Text).text, width);
      case 'code':
        return t.text.split('\n').map((l: string) => `    ${c.yellow(l)}`.trimEnd());
      case 'blockquote':
        return this.blocks(t.tokens ?? [], width - 2).map((l) => `${c.dim('│')} ${l}`.trimEnd());
      case 'list':
        return this.list(t as Tokens.List, width);
      case 'table':
        return this.table(t as Tokens.Table, width);
      case 'hr':
        return [c.dim('─'.repeat(Math.min(width, 40)))];
      case 'html':
        // Comments are notes for authors; other HTML is shown as written.
        return t.text.replace(/<!--[\s\S]*?-->/g, '').trim() ? t.text.trimEnd().split('\n') : [];
      default:
        return [];
    }
  }

  private list(list: Tokens.List, width: number): string[] {
    const start = typeof list.start === 'number' ? list.start : 1;
    const markers = list.items.map((item, i) => {
      const mark = list.ordered ? `${start + i}.` : this.color ? '•' : '-';
      return `${mark}${item.task ? (item.checked ? ' [x]' : ' [ ]') : ''} `;
    });
    const indent = Math.max(...markers.map((m) => m.length));
    return list.items.flatMap((item, i) => {
      const body = this.blocks(item.tokens, width - indent, !item.loose);
      const lines = body.map((l, j) => (j === 0 ? markers[i]!.padEnd(indent) + l : l === '' ? '' : ' '.repeat(indent) + l));
      return list.loose && i < list.items.length - 1 ? [...lines, ''] : lines;
    });
  }

  private table(t: Tokens.Table, width: number): string[] {
    const { c } = this;
    const cells = (row: Tokens.TableCell[]) => row.map((cell) => this.inline(cell.tokens));
    return layoutTable({ header: cells(t.header), rows: t.rows.map(cells), align: t.align }, width, { header: (s) => c.bold(s), rule: (s) => c.dim(s) });
  }

  /** Inline Markdown as one string; spaces inside code are KEEP_SPACE, so wrapping never splits it. */
  inline(tokens: readonly Token[]): string {
    const { c } = this;
    return tokens
      .map((t): string => {
        switch (t.type) {
          case 'strong':
            return c.bold(this.inline(t.tokens ?? []));
          case 'em':
            return c.italic(this.inline(t.tokens ?? []));
          case 'del':
            return c.strikethrough(this.inline(t.tokens ?? []));
          case 'codespan': {
            const code = t.text.replaceAll(' ', KEEP_SPACE);
            return this.color ? c.cyan(code) : `\`${code}\``;
          }
          case 'link': {
            const text = this.inline(t.tokens ?? []);
            return t.autolink || t.href === t.text ? c.underline(text) : `${text} (${c.underline(t.href)})`;
          }
          case 'image':
            return `[image: ${t.text}]`;
          case 'br':
            return '\n';
          case 'checkbox':
            return '';
          case 'text':
          case 'escape':
            // A line break inside a paragraph is a space; only a hard break (br) breaks the line.
            return 'tokens' in t && t.tokens ? this.inline(t.tokens) : t.text.replace(/\n/g, ' ');
          default: {
            const generic = t as Tokens.Generic;
            return generic.tokens ? this.inline(generic.tokens) : String(generic.text ?? '');
          }
        }
      })
      .join('');
  }
}
