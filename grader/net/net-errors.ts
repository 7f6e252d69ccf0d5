// The failures a peer hands back to a check, each with the errno's code to decide on.

/** A connection that could not be established: ECONNREFUSED, ENOENT (no socket file), ETIMEDOUT, … */
export class ConnectError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** A listen or bind of the grader's own that the kernel refused: EADDRINUSE, EADDRNOTAVAIL, EACCES, … */
export class ListenError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ListenError';
  }
}
