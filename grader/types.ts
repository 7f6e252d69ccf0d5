// The shapes every part of the grader shares: lessons, checks, verdicts and results.
import type { Harness, StartOptions } from './runner/harness.ts';

export type { CheckStatus, FailureDetails, Verdict } from './verdict.ts';
import type { CheckStatus, FailureDetails, Verdict } from './verdict.ts';

export interface Check<Id extends string = string> {
  id: Id;
  /** One line: what a passing program does. */
  title: string;
  /** Upper bound for the whole check, in ms (the runner's, not the student's, limit). */
  timeoutMs?: number;
  /**
   * True when the check needs a copy of the program no other check has touched (it measures idle
   * CPU or memory, restarts, signals or crashes it). Others share one copy, one after another.
   */
  fresh?: boolean;
  /**
   * Runs on the shared copy, but after every other check that shares it: it may leave the copy
   * broken (a reset that crashes it). A non-pass there is judged again on a fresh copy, as always.
   */
  sharedLast?: boolean;
  /** Hints for a student whose program fails this check, from a nudge to the fix (watch mode shows them one by one). */
  hints?: string[];
  /** Points a passing program earns for this check (default 1). */
  points?: number;
  run(harness: Harness): Promise<Verdict>;
}

/** A known-broken program the course's tests grade: it must fail exactly `fails`. */
export interface Fixture<Id extends string = string> {
  /** Path relative to the lesson folder. */
  file: string;
  fails: Id[];
  /** Checks that cannot be judged for this program and must say skip. */
  skips?: Id[];
  /** The bug, in one line. */
  bug: string;
}

export interface Lesson {
  number: number;
  slug: string;
  title: string;
  /** Absolute path of the lesson folder. */
  dir: string;
  /** The stub the student edits and the reference solution, relative to the project root. */
  exercise: string;
  solution: string;
  checks: Check[];
  fixtures: Fixture[];
  /** How start() launches this lesson's program unless a check says otherwise (default: a TCP listener on HOST:PORT). */
  start?: Pick<StartOptions, 'endpoints' | 'env' | 'readyWithinMs'>;
  /** The student writes a client (the grader serves) or a server (the grader connects). */
  role?: 'server' | 'client';
}

export type { PeerTranscript } from './net/transcript.ts';
import type { PeerTranscript } from './net/transcript.ts';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** The whole message as one text (what the json reporter prints). */
  message: string;
  details?: FailureDetails;
  /** True when the program could not even be started (the same failure for every check). */
  startupFailure?: boolean;
  /** Last lines the program printed during this check. */
  output: string[];
  durationMs: number;
  transcripts: PeerTranscript[];
  /** Points earned (points when passed, else 0) and the most this check could earn. */
  score: number;
  maxScore: number;
  /** What the grader noticed beside the verdict: a limit hit, a process that escaped, a re-run. */
  notes?: string[];
}

export interface LessonResult {
  id: string;
  slug: string;
  title: string;
  program: string;
  checks: CheckResult[];
  score: number;
  maxScore: number;
}

/** Why a run ended: every check passed (or skipped), some failed or errored, or it was interrupted. */
export type EndReason = 'passed' | 'failed' | 'interrupted';

export interface RunResult {
  seed: number;
  lessons: LessonResult[];
  durationMs: number;
  endReason: EndReason;
  score: number;
  maxScore: number;
}
