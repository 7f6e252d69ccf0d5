// The grader's errors: a student's program at fault (a failure) versus the grader at fault (internal).
import type { FailureDetails } from './verdict.ts';

/** Thrown inside a check when the program's behaviour decides the verdict: it becomes `fail`. */
export class CheckFailure extends Error {
  /** `startup`: the program could not be started at all, so every check fails the same way. */
  constructor(readonly details: FailureDetails, readonly phase: 'startup' | 'check' = 'check') {
    super(details.cause);
  }
}

/** Thrown when a check cannot judge the program (the host lacks IPv6, /proc is absent): it becomes `skip`. */
export class CheckSkipped extends Error {}

/** Thrown by the grader when its own limit ran out: it becomes `error`, not a student's failure. */
export class GraderTimeout extends Error {}

export { internalErrorMessage } from './messages/grader.ts';
