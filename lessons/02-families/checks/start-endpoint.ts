// Starts a copy of a lesson 2 program that counts as ready once ONE endpoint is served, so each
// endpoint is judged on its own. A copy that runs but does not serve that endpoint within 5 s is
// handed back as NotServing, for the check to word in this lesson's terms (the engine's own words
// would talk of HOST, which this lesson does not use for two of its three endpoints).
import { CheckFailure, activeNow, settleOutput, sleep, type Harness, type Program, type StartOptions } from '../../../grader/sdk.ts';
import { lookAt, serves, type EndpointName, type ListenView } from './listeners.ts';

/** How long a program has, from its start, to serve the endpoint a check is about. */
export const READY_WITHIN_MS = 5000;
/** How often the kernel's listeners are looked at while a copy serves only elsewhere (each look reads the TCP tables' heads). */
const POLL_MS = 50;

export interface NotServing {
  program: Program;
  /** Where the copy listened when the wait ended. */
  view: ListenView;
  /** The engine's startup failure, when the copy ended before the engine stopped waiting. */
  startFailure?: CheckFailure;
}

export function isServing(started: Program | NotServing): started is Program {
  return !('view' in started);
}

/**
 * Starts a copy with SOCKET_PATH set, ready once `endpoint` is served. A program that does
 * not compile throws the engine's startup failure; one that ends first, or runs without serving the
 * endpoint, is handed back with the engine's failure (if any) for the check to judge.
 */
export async function startServing(h: Harness, endpoint: EndpointName, options: Pick<StartOptions, 'beforeLaunch'> = {}): Promise<Program | NotServing> {
  try {
    // SOCKET_PATH is set in every copy (the lesson's endpoints include the Unix socket); without
    // beforeLaunch this may be the copy the unix, ipv4, ipv6 and removes-socket-file checks share.
    return await h.start({ endpoints: [endpoint], readyWithinMs: READY_WITHIN_MS, ...options });
  } catch (err) {
    const program = h.program;
    if (!(err instanceof CheckFailure) || err.phase !== 'startup' || !program) throw err;
    if (program.exitInfo()) {
      await settleOutput(program);
      return { program, view: lookAt(h, program.port, program.socketPath), startFailure: err };
    }
    // The engine gives up early on a copy bound only elsewhere (127.0.0.1 when ::1 is wanted); this lesson's bound is 5 s.
    return waitForEndpoint(h, program, endpoint);
  }
}

/** Watches the kernel until the copy serves `endpoint`, ends, or its 5 s from the start are over. */
async function waitForEndpoint(h: Harness, program: Program, endpoint: EndpointName): Promise<Program | NotServing> {
  const left = READY_WITHIN_MS - (performance.now() - program.startedAt);
  const deadline = activeNow() + Math.max(0, left);
  for (;;) {
    const view = lookAt(h, program.port, program.socketPath);
    if (h.kernel.available && serves(view, endpoint)) return program;
    if (program.exitInfo()) await settleOutput(program);
    if (program.exitInfo() || activeNow() >= deadline || !h.kernel.available) return { program, view };
    await sleep(POLL_MS);
  }
}
