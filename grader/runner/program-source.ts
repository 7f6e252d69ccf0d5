// Where a check's default start() gets its program: a copy shared by the checks that cannot harm
// it, or a fresh one; and a gate so that a program that cannot start is reported once, the same for every check.
import { CheckFailure } from '../errors.ts';
import type { PeerTranscript } from '../net/transcript.ts';
import type { ProgramSpec } from '../process/program-spec.ts';
import type { Program } from './start-program.ts';

/**
 * The first default launch of a lesson speaks for the program when it cannot start: the other
 * copies start at once beside it (waiting for it would put its start-up time in front of theirs),
 * and a copy that cannot start either reports the first's failure, so every check tells one story.
 */
export class StartupGate {
  private first: Promise<CheckFailure | undefined> | undefined;

  async run<T>(launch: () => Promise<T>): Promise<T> {
    if (this.first) {
      try {
        return await launch();
      } catch (err) {
        if (!(err instanceof CheckFailure && err.phase === 'startup')) throw err;
        throw (await this.first) ?? err;
      }
    }
    let settle!: (failure: CheckFailure | undefined) => void;
    this.first = new Promise((resolve) => (settle = resolve));
    try {
      const value = await launch();
      settle(undefined);
      return value;
    } catch (err) {
      settle(err instanceof CheckFailure && err.phase === 'startup' ? err : undefined);
      throw err;
    }
  }
}

/** One running copy used by several checks in turn; a check that finds it gone starts a new one. */
export class SharedCopy {
  private current: { program: Program; stop: () => Promise<void>; users: number } | undefined;

  /** Resolves with the running copy, starting one if needed; `first` when no check used it before. */
  async acquire(start: () => Promise<{ program: Program; stop: () => Promise<void> }>): Promise<{ program: Program; first: boolean }> {
    if (this.current && this.current.program.exitInfo()) await this.discard();
    this.current ??= { ...(await start()), users: 0 };
    this.current.users++;
    return { program: this.current.program, first: this.current.users === 1 };
  }

  /** Stops the copy (after a check that did not pass on it: it may have been harmed). */
  async discard(): Promise<void> {
    const copy = this.current;
    this.current = undefined;
    await copy?.stop();
  }
}

export interface ProgramSource {
  spec: ProgramSpec;
  gate: StartupGate;
  /** What h.observeOnce() saw in this lesson's run, by key, and whose harness held it (for its transcripts). */
  observations?: Map<string, { seen: Promise<unknown>; by: { transcripts(): PeerTranscript[] } }>;
  /** Present when this check may run on the shared copy. */
  shared?: SharedCopy;
}
