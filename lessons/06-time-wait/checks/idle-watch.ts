// Ends a wait early on the kernel's evidence that no answer (or FIN) is coming: the program sleeps,
// uses no CPU and has read what the client sent. The SDK judges one look (judgeIdleLook) but does
// not export its watch for a line or a FIN, so this lesson keeps a small one of its own.
import { programThreads } from './doing.ts';
import { IDLE_EVIDENCE_MS, judgeIdleLook, sleep, type Harness, type Program, type ReadResult, type StreamPeer } from '../../../grader/sdk.ts';

const SAMPLE_MS = 50;
/** Idle Node and Python servers (measured) are woken 0 times per 50 ms sample. */
const MAX_WAKEUPS = 1;

interface IdleWatch {
  stop(): void;
  /** What the program was doing when the watch cut the wait short; undefined if it did not. */
  evidence(): string | undefined;
}

/** Watches the program while `peer` waits on it; calls `conclude` once it has sat idle for IDLE_EVIDENCE_MS. */
function watchForIdle(h: Harness, program: Program, peer: StreamPeer, conclude: () => void): IdleWatch {
  let stopped = false;
  let evidence: string | undefined;
  if (!h.kernel.available || !h.kernel.processesReadable) return { stop: () => undefined, evidence: () => undefined };
  void (async () => {
    let idleFor = 0;
    let before = h.kernel.cpu(program);
    while (!stopped && !program.exitInfo()) {
      await sleep(SAMPLE_MS);
      if (stopped) return;
      const now = h.kernel.cpu(program);
      const look = judgeIdleLook(programThreads(h.kernel.doing(program)), now.runMs + now.waitMs - before.runMs - before.waitMs, h.kernel.serverSide(peer, program.port));
      // A thread that waits for a lock with a timeout (Python's GIL: every 5 ms) sleeps between tries
      // and uses next to no CPU, but it wakes up: an idle program is woken at most once per sample.
      const woken = now.runs - before.runs;
      before = now;
      idleFor = look.idle && woken <= MAX_WAKEUPS ? idleFor + SAMPLE_MS : 0;
      if (idleFor >= IDLE_EVIDENCE_MS) {
        evidence = look.doing;
        conclude();
        return;
      }
    }
  })();
  return { stop: () => void (stopped = true), evidence: () => evidence };
}

/** Reads one line (up to `maxBytes`), or less once the program is seen idle without having sent one. */
export async function readLineOrIdle(h: Harness, program: Program, peer: StreamPeer, idleMs: number, maxBytes = 1024): Promise<{ got: ReadResult; evidence?: string }> {
  const watch = watchForIdle(h, program, peer, () => peer.concludeNow());
  try {
    const got = await peer.readLine(idleMs, maxBytes);
    const evidence = got.outcome === 'timeout' ? watch.evidence() : undefined;
    return evidence ? { got, evidence } : { got };
  } finally {
    watch.stop();
  }
}

/**
 * Waits for the program's FIN or RST; 'timeout' early once it is seen idle. StreamPeer.waitForEnd
 * cannot be cut short (concludeNow ends reads only), so the wait is a race with the watch.
 */
export async function waitForEndOrIdle(h: Harness, program: Program, peer: StreamPeer, ms: number): Promise<{ end: 'fin' | 'rst' | 'timeout'; evidence?: string }> {
  let give: () => void = () => undefined;
  const idle = new Promise<'timeout'>((resolve) => (give = () => resolve('timeout')));
  const watch = watchForIdle(h, program, peer, () => give());
  try {
    const end = await Promise.race([peer.waitForEnd(ms), idle]);
    const evidence = end === 'timeout' ? watch.evidence() : undefined;
    return evidence ? { end, evidence } : { end };
  } finally {
    watch.stop();
  }
}
