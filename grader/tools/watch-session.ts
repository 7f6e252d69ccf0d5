// Watch mode, in the manner of rustlings: grade the lesson's exercise in-process, again on every
// save (or on `r`), with the course's progress on top; `h` shows the next hint of the first failing
// check, `n` moves on once the lesson passes, `q` quits. One grading at a time: a save during a
// grading asks for one more when it ends.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { PrettyReporter } from '../report/pretty-reporter.ts';
import { lessonId, runLessons, runPassed } from '../runner/run-lessons.ts';
import { internalErrorMessage } from '../errors.ts';
import * as compiler from '../process/compile-typescript.ts';
import type { CheckResult, Lesson } from '../types.ts';
import type pc from 'picocolors';
import { HintCursor } from './hints.ts';
import { countPassed, markPassed, readProgress, writeProgress, type Progress } from './progress.ts';
import { watchFolder, type FileWatch } from './watch-files.ts';
import { CLEAR_SCREEN, renderFooter, renderHeader, renderHint } from './watch-screen.ts';

export interface WatchOptions {
  course: readonly Lesson[];
  lesson: Lesson;
  /** The project root: exercises and .handshake/progress.json are found from it. */
  root: string;
  /** No file watching: `r` re-grades (for file systems where watching does not fire). */
  manual: boolean;
  /** Grade the Python stub (server.py beside the TypeScript one) instead. */
  python: boolean;
  write: (text: string) => void;
  colors: ReturnType<typeof pc.createColors>;
  /** Clear the screen before each grading (a terminal); otherwise a rule separates them. */
  clear: boolean;
  width: number;
  /** Ends the process (the runner's exit hook stops every program it started). */
  quit: () => void;
}

export class WatchSession {
  private lesson: Lesson;
  private progress: Progress;
  private results: CheckResult[] = [];
  private passed: boolean | undefined;
  private grading = false;
  /** What asked for another grading while one ran (it runs right after). */
  private again: string | undefined;
  private runs = 0;
  private files: FileWatch | undefined;
  private readonly hints = new HintCursor();

  constructor(private readonly o: WatchOptions) {
    this.lesson = o.lesson;
    this.progress = readProgress(o.root);
  }

  start(): void {
    this.watchLesson();
    void this.grade(`${lessonId(this.lesson)} opened`);
  }

  onKey(key: string): void {
    const c = this.o.colors;
    if (key === 'q') return this.stop();
    if (key === 'r') return void this.grade('r pressed');
    if (key === 'h') {
      if (this.passed === undefined) return this.o.write(c.dim('\nhints come once this grading is done\n'));
      return this.o.write(renderHint(this.hints.next(this.lesson.checks, this.results), this.lesson, c, this.o.width));
    }
    if (key === 'n') {
      const next = this.nextLesson();
      if (this.grading || !this.passed) return this.o.write(c.dim(`\nn opens the next lesson once this one passes\n`));
      if (!next) return this.o.write(c.dim('\nthis is the course\'s last lesson\n'));
      if (!existsSync(join(this.o.root, this.gradedFile(next)))) return this.o.write(c.dim(`\n${lessonId(next)} has no ${this.gradedFile(next)}: watch it with npm run watch ${lessonId(next)}${this.o.python ? ' (without --python)' : ''}\n`));
      this.lesson = next;
      this.results = [];
      this.passed = undefined;
      this.watchLesson();
      return void this.grade(`${lessonId(next)} opened`);
    }
  }

  stop(): void {
    this.files?.close();
    this.o.write('\n');
    this.o.quit();
  }

  /** The file graded: the lesson's stub, or the Python one beside it. */
  gradedFile(lesson = this.lesson): string {
    return this.o.python ? lesson.exercise.replace(/\.ts$/, '.py') : lesson.exercise;
  }

  private nextLesson(): Lesson | undefined {
    return this.o.course[this.o.course.indexOf(this.lesson) + 1];
  }

  private watchLesson(): void {
    this.files?.close();
    if (!this.o.manual) this.files = watchFolder(join(this.o.root, dirname(this.gradedFile())), (file) => void this.grade(`${basename(file)} saved`));
  }

  private async grade(trigger: string): Promise<void> {
    if (this.grading) {
      this.again = trigger;
      return;
    }
    this.grading = true;
    try {
      let next: string | undefined = trigger;
      while (next !== undefined) {
        this.again = undefined;
        await this.gradeOnce(next);
        next = this.again;
      }
    } finally {
      this.grading = false;
    }
  }

  private async gradeOnce(trigger: string): Promise<void> {
    const { o } = this;
    const lesson = this.lesson;
    const graded = this.gradedFile(lesson);
    this.passed = undefined;
    // The compiler keeps what it compiled for the life of the process (one run, for npm run grade);
    // a saved exercise must be compiled again. forgetCompiled() drops that, where the engine has it.
    (compiler as { forgetCompiled?: () => void }).forgetCompiled?.();
    const header = renderHeader({ run: ++this.runs, trigger, graded, folder: relative(o.root, join(o.root, dirname(graded))), manual: o.manual }, o.colors);
    o.write(`${o.clear ? CLEAR_SCREEN : `\n${'─'.repeat(Math.min(o.width, 60))}\n`}${header}`);
    try {
      const run = await runLessons({
        lessons: [lesson],
        programFor: () => ({ kind: 'file', path: graded }),
        seed: Math.floor(Math.random() * 2 ** 31),
        reporters: [new PrettyReporter({ write: o.write, colors: o.colors.isColorSupported })],
      });
      this.results = run.lessons[0]?.checks ?? [];
      this.passed = runPassed(run);
    } catch (err) {
      // The grader's own failure: say so, and keep watching (the next save tries again).
      o.write(o.colors.magenta(`\n${internalErrorMessage(err)}\n`));
      this.results = [];
      this.passed = false;
    }
    if (this.passed) {
      this.progress = markPassed(readProgress(o.root), lesson, new Date());
      writeProgress(o.root, this.progress);
    }
    const passedCount = countPassed(o.course, this.progress);
    o.write(renderFooter({ lesson, passed: this.passed, next: this.nextLesson(), manual: o.manual, passedCount, total: o.course.length }, o.colors));
  }
}
