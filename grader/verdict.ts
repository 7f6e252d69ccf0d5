// What a check concludes: the shapes of a verdict and of a failure's four-part message (no imports: every part of the grader may use them).
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
  /** For a crash: the line that names it, so the same crash seen by several checks is reported once. */
  crash?: string;
}

export type Verdict =
  | { status: 'pass'; summary?: string }
  | { status: 'fail'; details: FailureDetails }
  | { status: 'skip'; reason: string; /** The machine cannot judge it (no /proc, no IPv6): not counted in the score. */ environment?: boolean };

