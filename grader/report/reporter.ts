// The reporter interface: optional lifecycle hooks that only read results, never change the run.
import type { CheckResult, Lesson, LessonResult, RunResult } from '../types.ts';

export interface RunStartInfo {
  lessons: Lesson[];
  seed: number;
}

export interface Reporter {
  onRunStart?(info: RunStartInfo): void;
  onLessonStart?(lesson: Lesson, result: LessonResult): void;
  onCheckResult?(lesson: Lesson, result: CheckResult): void;
  onLessonEnd?(lesson: Lesson, result: LessonResult): void;
  onRunEnd?(run: RunResult): void;
}
