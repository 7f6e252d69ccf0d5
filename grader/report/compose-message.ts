// Builds the one-text message of a result from its parts, the same way for every reporter.
import type { FailureDetails } from '../types.ts';

export function composeFailure(details: FailureDetails): string {
  return [`did: ${details.did}`, `expected: ${details.expected}`, `saw: ${details.saw}`, `likely cause: ${details.cause}`].join('\n');
}
