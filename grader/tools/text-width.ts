// Terminal text layout: how many columns a string takes (ANSI codes take none, CJK characters
// take two, combining marks none) and word wrapping by that measure.
const ANSI = /\x1b\[[0-9;]*m/g;

/** A space that wrapping must not break at (inside `code`); turned back into a space afterwards. */
export const KEEP_SPACE = '\u00a0';

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W/F), coarsely: what lesson texts use.
const WIDE: [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

function charWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  // Combining marks and zero-width characters (joiners, variation selectors).
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  return WIDE.some(([lo, hi]) => code >= lo && code <= hi) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) width += charWidth(ch.codePointAt(0)!);
  return width;
}

export function padToWidth(text: string, width: number, align: 'left' | 'right' | 'center' | null = 'left'): string {
  const gap = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(Math.ceil(gap / 2));
  return text + ' '.repeat(gap);
}

/**
 * Breaks text into lines of at most `width` columns at spaces (a word longer than that gets a line
 * of its own, unbroken). A newline in the text is a hard break. KEEP_SPACE becomes a space.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(/ +/).flatMap((w) => splitLong(w, width))) {
      const w = displayWidth(word);
      if (used > 0 && used + 1 + w > width) {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += (used > 0 ? ' ' : '') + word;
      used += (used > 0 ? 1 : 0) + w;
    }
    lines.push(line);
  }
  return lines.map((l) => l.replaceAll(KEEP_SPACE, ' '));
}

/** A word too long for the width is cut at its kept spaces (long code may break there, after all). */
function splitLong(word: string, width: number): string[] {
  if (word === '') return [];
  if (displayWidth(word) <= width || !word.includes(KEEP_SPACE)) return [word];
  return word.split(KEEP_SPACE).filter((w) => w !== '');
}
