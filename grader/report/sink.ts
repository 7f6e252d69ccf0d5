// Where a reporter's text goes: the terminal, or a file. Every write is synchronous, so a report
// finished from a signal handler is on disk before the process exits.
import { appendFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type Sink = (text: string) => void;

/** stdout or stderr; on Linux both are synchronous for files, pipes and terminals alike. */
export function terminalSink(stream: 'stdout' | 'stderr' = 'stdout'): Sink {
  return (text) => void process[stream].write(text);
}

/** Each write replaces the whole file, through a temporary file and a rename: never half a document. */
export function documentSink(path: string): Sink {
  return (text) => {
    const partial = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    writeFileSync(partial, text);
    renameSync(partial, path);
  };
}

/** Writes add to the file; `fresh` empties it first (a log of this run), otherwise it keeps what it had. */
export function appendSink(path: string, { fresh }: { fresh: boolean }): Sink {
  if (fresh) writeFileSync(path, '');
  return (text) => appendFileSync(path, text);
}

/** Bytes a file already holds (0 when it does not exist yet). */
export function fileSize(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}
