// A Markdown table laid out for a terminal: columns as wide as their content, narrowed (with the
// cells wrapped inside them) when the whole table would not fit the width it is given.
import { displayWidth, padToWidth, wrapText } from './text-width.ts';

export type Align = 'left' | 'right' | 'center' | null;

export interface TableInput {
  header: string[];
  rows: string[][];
  align: Align[];
}

const GAP = ' │ ';
const MIN_COLUMN = 10;

/** Column widths that fit `width`: the widest column gives way first, none below its floor. */
export function fitColumns(natural: number[], width: number): number[] {
  const widths = [...natural];
  const room = width - GAP.length * (widths.length - 1);
  const floors = natural.map((w) => Math.min(w, MIN_COLUMN));
  const total = () => widths.reduce((a, b) => a + b, 0);
  // Bounded: each pass narrows a column above its floor by at least one.
  while (total() > room) {
    const shrinkable = widths.map((_, i) => i).filter((i) => widths[i]! > floors[i]!);
    if (shrinkable.length === 0) break;
    const widest = shrinkable.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
    const w = widths[widest]!;
    const second = Math.max(0, ...widths.filter((_, i) => i !== widest));
    // Down to the next widest column, or just enough to fit, whichever is less; never below the floor.
    widths[widest] = Math.min(w - 1, Math.max(floors[widest]!, w - (total() - room), second));
  }
  return widths;
}

export function layoutTable(table: TableInput, width: number, paint: { header(text: string): string; rule(text: string): string }): string[] {
  const columns = table.header.length;
  const all = [table.header, ...table.rows];
  const natural = Array.from({ length: columns }, (_, i) => Math.max(1, ...all.map((row) => displayWidth(row[i] ?? ''))));
  const widths = fitColumns(natural, width);
  const renderRow = (row: string[], style: (text: string) => string) => {
    const cells = widths.map((w, i) => wrapText(row[i] ?? '', w));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, line) =>
      cells.map((c, i) => style(padToWidth(c[line] ?? '', widths[i]!, table.align[i] ?? 'left'))).join(paint.rule(GAP)).trimEnd(),
    );
  };
  const rule = paint.rule(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  return [...renderRow(table.header, paint.header), rule, ...table.rows.flatMap((row) => renderRow(row, (t) => t))];
}
