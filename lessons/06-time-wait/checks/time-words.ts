// What a time answer that is not right looks like, and its likely cause, in the program's language.
import { advise } from '../../../grader/sdk.ts';
import { TIME_TOLERANCE_MS, type TimeVerdict } from './iso-time.ts';

type Language = Parameters<typeof advise>[0];

const seconds = (ms: number) => `${(Math.abs(ms) / 1000).toFixed(1)} s`;
const offBy = (ms: number) => `${seconds(ms)} ${ms > 0 ? 'behind' : 'ahead of'} the grader's clock`;

function howToWrite(language: Language): string {
  return advise(language, {
    node: 'new Date().toISOString() gives the current time in UTC, e.g. 2025-03-01T12:00:00.000Z',
    python: 'datetime.now(timezone.utc).isoformat() gives the current time with its offset, e.g. 2025-03-01T12:00:00.000000+00:00',
  });
}

/** The saw and cause parts for a time answer judged not right. `ageMs`: how long the program has been running. */
export function describeTimeProblem(verdict: Exclude<TimeVerdict, { ok: true }>, line: string, ageMs: number, language: Language): { saw: string; cause: string } {
  const quoted = `"${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`;
  switch (verdict.problem) {
    case 'empty':
      return { saw: 'an empty line', cause: `answer with the current time: ${howToWrite(language)}` };
    case 'space':
      return { saw: `${quoted}: a space between the date and the time, where ISO 8601 has "T"`, cause: `${advise(language, { node: 'format the time with toISOString()', python: 'str(datetime) puts a space there; isoformat() puts the "T"' })}: ${howToWrite(language)}` };
    case 'date-only':
      return { saw: `${quoted}: a date without a time of day`, cause: `answer the date and the time: ${howToWrite(language)}` };
    case 'unix-seconds':
      return { saw: `${quoted}: a count of seconds since 1970, not an ISO 8601 date-time`, cause: howToWrite(language) };
    case 'not-iso':
      return { saw: `${quoted}, which is not an ISO 8601 date-time (the whole line must be one, like 2025-03-01T12:00:00Z)`, cause: `answer with nothing but the time, in ISO 8601: ${howToWrite(language)}` };
    case 'far': {
      const [first, second] = verdict.differencesMs;
      const saw = verdict.reading.hasOffset
        ? `${quoted}, which is ${offBy(first!)} (at most ${TIME_TOLERANCE_MS / 1000} s is allowed)`
        : `${quoted}, without an offset: read as local time it is ${offBy(first!)}, read as UTC ${offBy(second!)} (at most ${TIME_TOLERANCE_MS / 1000} s is allowed)`;
      return { saw, cause: farCause(verdict.differencesMs, ageMs, verdict.reading.hasOffset, language) };
    }
  }
}

function farCause(differencesMs: number[], ageMs: number, hasOffset: boolean, language: Language): string {
  const best = differencesMs.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
  const hours = best / 3_600_000;
  // Off by whole hours (or half hours, as some zones are): a local time labelled as UTC, or the other way round.
  if (hasOffset && Math.abs(hours) >= 0.5 && Math.abs(hours * 2 - Math.round(hours * 2)) * 1800 <= TIME_TOLERANCE_MS / 1000) {
    return `the time is right but its offset is not: off by ${Math.round(hours * 2) / 2} h is a local time labelled as UTC (or the other way round). ${advise(language, {
      node: 'toISOString() is already UTC: do not add or subtract the time zone yourself',
      python: 'datetime.now() is local time; adding "Z" or +00:00 to it is wrong: use datetime.now(timezone.utc).isoformat()',
    })}`;
  }
  if (best > 0 && best <= ageMs + 1000) return 'the time is from earlier in your program\'s run: is it computed once (when the program starts, or for the first client) and reused? Read the clock for every request';
  return `the time is not the current time: read the system clock when the request arrives. ${howToWrite(language)}`;
}
