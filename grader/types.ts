// The shapes every part of the grader shares: lessons, checks, verdicts and results.
import type { Harness } from './runner/harness.ts';
import type { TranscriptEvent } from './net/transcript.ts';

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

/** What a failing check tells the student, in the four parts every failure message has. */
export interface FailureDetails {
  /** What the reference peer did. */
  did: string;
  /** What it expected to happen. */
  expected: string;
  /** What it saw instead (bytes, FIN or RST, kernel state). */
  saw: string;
  /** The likely cause in the student's code. */
  cause: string;
}

export type Verdict =
  | { status: 'pass'; summary?: string }
  | { status: 'fail'; details: FailureDetails }
  | { status: 'skip'; reason: string };

export interface Check {
  id: string;
  /** One line: what a passing program does. */
  title: string;
  /** Upper bound for the whole check, in ms (the runner's, not the student's, limit). */
  timeoutMs?: number;
  /** Points a passing program earns for this check (default 1). */
  points?: number;
  run(harness: Harness): Promise<Verdict>;
}

/** A known-broken program the course's tests grade: it must fail exactly `fails`. */
export interface Fixture {
  /** Path relative to the lesson folder. */
  file: string;
  fails: string[];
  /** Checks that cannot be judged for this program and must say skip. */
  skips?: string[];
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
}

export interface PeerTranscript {
  peer: string;
  events: TranscriptEvent[];
}

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
