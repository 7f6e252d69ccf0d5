// The verdict when a datagram got no reply: the program crashed, ended, or runs on — and then what
// the kernel shows of its socket says why (connected to someone else, not reading, or not replying).
import { crashDetails, describeExit, fail, isCrash, type Harness, type Program, type Verdict } from '../../../grader/sdk.ts';
import { connectedCause, noReplyCause } from './causes.ts';
import { connectedPeer, describeUdpSocket, programSockets } from './kernel-udp.ts';

export interface Silence {
  did: string;
  expected: string;
  /** What came back, e.g. "no reply within 2 s". */
  saw: string;
}

export function silenceVerdict(h: Harness, program: Program, s: Silence): Verdict {
  const exit = program.exitInfo();
  if (isCrash(exit)) return fail(crashDetails(program, s.did));
  if (exit) {
    return fail({
      ...s,
      saw: `${s.saw}; your program ${describeExit(exit)}`,
      cause: 'your program ended by itself: a server answers datagram after datagram until it is stopped; look for a break, an exit or a return in its loop',
    });
  }
  const sockets = programSockets(h, program.port);
  const peer = connectedPeer(sockets);
  const queued = sockets.some((x) => x.rxQueue > 0);
  return fail({
    ...s,
    saw: `${s.saw}; your program is still running, and ${describeUdpSocket(sockets, program.port, h.kernel.available)}`,
    cause: peer ? connectedCause(h, peer) : noReplyCause(h, queued),
  });
}
