// The reporter interface: optional lifecycle hooks that only read results, never change the run
// (as vitest's reporters are). A hook's results are the runner's own objects: read them, copy what
// you keep. onRunEnd comes once, also for a run cut short: then `run.endReason` is 'interrupted'.
import type { CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';

export interface RunStartInfo {
  readonly lessons: readonly Lesson[];
  readonly seed: number;
}

export interface Reporter {
  onRunStart?(info: RunStartInfo): void;
  onLessonStart?(lesson: Readonly<Lesson>, result: Readonly<LessonResult>): void;
  onCheckResult?(lesson: Readonly<Lesson>, result: Readonly<CheckResult>): void;
  onLessonEnd?(lesson: Readonly<Lesson>, result: Readonly<LessonResult>): void;
  onRunEnd?(run: Readonly<RunResult>): void;
}
