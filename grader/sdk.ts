// The one module lessons import: how to declare checks and lessons, the harness a check drives,
// reference peers, the kernel's view, verdict helpers and the shared wording.
export { defineCheck, defineLesson } from './course/define-lesson.ts';
export type { Check, FailureDetails, Fixture, Lesson, Verdict } from './types.ts';
export { CheckFailure, CheckSkipped } from './errors.ts';
export type { Harness, StartOptions, EndpointName } from './runner/harness.ts';
export type { Program } from './runner/start-program.ts';
export { formatAddress } from './runner/endpoints.ts';
export { ConnectError, StreamPeer, type ReadResult, type StreamTarget } from './net/stream-peer.ts';
export { UdpPeer, type Datagram } from './net/udp-peer.ts';
export type { UdpSocket } from './kernel/proc-net-udp.ts';
export { ReferenceServer } from './net/reference-server.ts';
export { formatBytes, previewBytes } from './net/transcript.ts';
export type { TcpSocket } from './kernel/proc-net-tcp.ts';
export type { CpuSample } from './kernel/proc-processes.ts';
export type { ThreadActivity } from './kernel/proc-syscall.ts';
export { describeAcceptQueue, describeHolders, describeServerSide } from './messages/kernel-state.ts';
export { crashLine, describeCrash, describeExit, isCrash, type Since } from './messages/program.ts';
export { CRASH_GRACE_MS } from './messages/connect.ts';
export { crashDetails, crashVerdict, exitIfEnding } from './sdk/crash.ts';
export { advise } from './sdk/advice.ts';
export { pickOwner, signalServer } from './sdk/signal-server.ts';
export { describeReplyProblem, exchange, judgeReply, readLineReply, readReply, waitForEndOrIdle, type ReplyBounds, type ReplyProblem, type Watched } from './sdk/reply.ts';
export { judgeIdleLook, IDLE_EVIDENCE_MS } from './sdk/idle-evidence.ts';
export { canWatchPieces, judgePieceLook, type PieceLook } from './sdk/piece-taken.ts';
export { settleOutput } from './sdk/settle-output.ts';
export { waitUntilAsleep, type AsleepWait } from './sdk/asleep.ts';
export { activeNow, sleep, within } from './timing.ts';

import type { FailureDetails, Verdict } from './types.ts';

export const pass = (summary?: string): Verdict => ({ status: 'pass', ...(summary ? { summary } : {}) });
export const fail = (details: FailureDetails): Verdict => ({ status: 'fail', details });
/** A check that cannot judge this program (another check owns the problem: name it), or, with `environment`, this machine. */
export const skip = (reason: string, options: { environment?: boolean } = {}): Verdict => ({ status: 'skip', reason, ...(options.environment ? { environment: true } : {}) });
