// Pure: reads one ISO 8601 date-time (calendar, ordinal or week date; basic or extended format;
// reduced precision and decimal fractions) and judges it against the grader's clock.

/** What a line says, read as ISO 8601; `starts` has one instant per reading (two without an offset). */
export interface IsoReading {
  /** ms since the epoch where the stated time begins: as given (offset or Z), else [as local time, as UTC]. */
  starts: number[];
  /** How long the stated time lasts at its precision: 1000 for whole seconds, 60 000 for hh:mm. */
  precisionMs: number;
  hasOffset: boolean;
}

const DATE = String.raw`(\d{4})(?:-(\d{2})-(\d{2})|(\d{2})(\d{2})|-(\d{3})|(\d{3})|-W(\d{2})-([1-7])|W(\d{2})([1-7]))`;
const TIME = String.raw`(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?(?:[.,](\d+))?`;
const OFFSET = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)?`;
const DATE_TIME = new RegExp(`^${DATE}[Tt]${TIME}${OFFSET}$`);

/** Day of the year (1-based) to month and day, by Date's own calendar. */
function fromOrdinal(year: number, day: number): [number, number] | undefined {
  const d = new Date(Date.UTC(year, 0, day));
  return d.getUTCFullYear() === year ? [d.getUTCMonth() + 1, d.getUTCDate()] : undefined;
}

/** ISO week dates: week 1 is the week (Monday first) that holds 4 January. */
function fromWeek(year: number, week: number, weekday: number): [number, number, number] {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = 4 - ((jan4.getUTCDay() + 6) % 7);
  const d = new Date(Date.UTC(year, 0, mondayOfWeek1 + (week - 1) * 7 + (weekday - 1)));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function offsetMinutes(text: string): number | undefined {
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text)!;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Reads `text` as one ISO 8601 date-time; undefined when it is not one (or names no real time). */
export function readIsoDateTime(text: string): IsoReading | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const n = (i: number) => (m[i] === undefined ? undefined : Number(m[i]));
  let year = n(1)!;
  let month: number;
  let day: number;
  if (m[2] ?? m[4]) [month, day] = [n(2) ?? n(4)!, n(3) ?? n(5)!];
  else if (m[6] ?? m[7]) {
    const md = fromOrdinal(year, n(6) ?? n(7)!);
    if (!md) return undefined;
    [month, day] = md;
  } else {
    const week = n(8) ?? n(10)!;
    if (week < 1 || week > 53) return undefined;
    [year, month, day] = fromWeek(year, week, n(9) ?? n(11)!);
  }
  const [hour, minute, second] = [n(12)!, n(13) ?? 0, n(14) ?? 0];
  const fraction = m[15] ? Number(`0.${m[15]}`) : 0;
  const unitMs = m[14] !== undefined ? 1000 : m[13] !== undefined ? 60_000 : 3_600_000;
  if (month < 1 || month > 12 || minute > 59 || second > 60 || hour > 24 || (hour === 24 && (minute || second || fraction))) return undefined;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second) + fraction * unitMs;
  const precisionMs = m[15] ? unitMs / 10 ** m[15].length : unitMs;
  if (m[16] === undefined) {
    const localMs = new Date(year, month - 1, day, hour, minute, second).getTime() + fraction * unitMs;
    return { starts: [localMs, wallMs], precisionMs, hasOffset: false };
  }
  const offset = offsetMinutes(m[16]);
  if (offset === undefined) return undefined;
  return { starts: [wallMs - offset * 60_000], precisionMs, hasOffset: true };
}

export const TIME_TOLERANCE_MS = 5000;

export type TimeVerdict =
  | { ok: true; reading: IsoReading; differenceMs: number }
  | { ok: false; problem: 'empty' | 'not-iso' | 'space' | 'date-only' | 'unix-seconds' }
  | { ok: false; problem: 'far'; reading: IsoReading; differencesMs: number[] };

/** How far `now` lies from the stretch of time a reading names (0 inside it); signed: positive = the answer is behind. */
function distance(start: number, precisionMs: number, now: number): number {
  if (now < start) return now - start;
  if (now > start + precisionMs) return now - (start + precisionMs);
  return 0;
}

/** Judges one answer line (its newline already removed): one ISO 8601 date-time within 5 s of `now`. */
export function judgeTimeLine(line: string, now: number): TimeVerdict {
  const text = line.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  const reading = readIsoDateTime(text);
  if (!reading) {
    if (/^\d{9,11}(?:\.\d+)?$/.test(text)) return { ok: false, problem: 'unix-seconds' };
    if (readIsoDateTime(text.replace(' ', 'T'))) return { ok: false, problem: 'space' };
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, problem: 'date-only' };
    return { ok: false, problem: 'not-iso' };
  }
  const differencesMs = reading.starts.map((s) => distance(s, reading.precisionMs, now));
  const best = differencesMs.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
  if (Math.abs(best) <= TIME_TOLERANCE_MS) return { ok: true, reading, differenceMs: best };
  return { ok: false, problem: 'far', reading, differencesMs };
}
