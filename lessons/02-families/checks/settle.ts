// When a started program has finished setting up: every thread asleep, waiting for clients (a Node
// program installs its SIGTERM handler, and may crash on a later listen(), after the endpoint a
// check waited for). Without /proc, a client served on the Unix socket stands for it.
import { waitUntilAsleep, type Harness, type Program } from '../../../grader/sdk.ts';

/** How long every thread must sleep in a row; how long the program has to get there. */
const CALM_MS = 50;
const SETTLE_WITHIN_MS = 1000;
const POLL_MS = 5;
const settled = new WeakSet<Program>();

/**
 * Waits until the program sits idle (or SETTLE_WITHIN_MS passed); true when it did. Without /proc,
 * one client served on the Unix socket is the evidence that it is back in its loop.
 */
export async function waitUntilSettled(h: Harness, program: Program): Promise<boolean> {
  return h.kernel.processesReadable ? waitUntilIdle(h, program) : serveOneClient(h);
}

/**
 * Waits until every thread of the program has slept for CALM_MS in a row (it has finished setting
 * up, or crashed doing so), at most SETTLE_WITHIN_MS; false at once where /proc cannot tell.
 */
export async function waitUntilIdle(h: Harness, program: Program): Promise<boolean> {
  if (!h.kernel.processesReadable) return false;
  // A copy shared by several checks finished setting up once: what it does later is each check's to judge.
  if (settled.has(program)) return true;
  const calm = await waitUntilAsleep(h.kernel, program, CALM_MS, { everyMs: POLL_MS, withinMs: SETTLE_WITHIN_MS });
  if (calm) settled.add(program);
  return calm;
}

async function serveOneClient(h: Harness): Promise<boolean> {
  const peer = await h.tryConnect('client before the signal', { path: h.socketPath });
  if (!('localPort' in peer)) return false;
  const { outcome } = await peer.readUntilEnd(SETTLE_WITHIN_MS, SETTLE_WITHIN_MS, 4096);
  peer.destroy();
  return outcome === 'fin';
}
