// removes-socket-file: once the program listens on SOCKET_PATH, SIGTERM; within 2 s it must exit
// with status 0 and the path must be gone.
import { lstatSync } from 'node:fs';
import { defineCheck, describeCrash, describeExit, fail, pass, skip, signalServer, settleOutput } from '../../../grader/sdk.ts';
import { crashedAfterStart, notServingVerdict } from './not-serving.ts';
import { fileWords, judgeShutdown, SHUTDOWN_WITHIN_MS, shutdownCause, type FileAt } from './shutdown.ts';
import { waitUntilSettled } from './settle.ts';
import { isServing, startServing } from './start-endpoint.ts';

function fileAt(path: string): FileAt {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return !stat ? 'none' : stat.isSocket() ? 'socket' : 'other';
}

export const removesSocketFile = defineCheck({
  id: 'removes-socket-file',
  title: 'on SIGTERM, exits with status 0 within 2 s and leaves no file at SOCKET_PATH',
  hints: [
    'When SIGTERM arrives, does any of your code run, and who removes the socket file?',
    'The file outlives its socket: neither close() nor the process\'s exit removes it, and with no handler SIGTERM ends the process before any cleanup runs (lesson: "Signals").',
    'Node: process.on(\'SIGTERM\', …) that closes all three servers (closing the Unix one unlinks its file), and no process.exit(). Python: signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0)) and os.unlink(SOCKET_PATH) in a finally: around your loop.',
  ],
  // It ends the copy: the last of the checks that share one.
  sharedLast: true,
  async run(h) {
    const started = await startServing(h, 'unix');
    if (!isServing(started)) {
      if (started.program.exitInfo() || started.startFailure) return notServingVerdict(h, 'unix', started);
      return skip('your program did not listen on SOCKET_PATH, so there was no socket file whose removal could be judged: the unix check says what is wrong');
    }
    const program = started;
    await waitUntilSettled(h, program);
    if (program.exitInfo()) {
      await settleOutput(program);
      return crashedAfterStart(program, h.language);
    }
    const sentAt = { what: 'SIGTERM', at: performance.now() };
    signalServer(h.kernel, program, 'SIGTERM', h.kernel.unixAt(h.socketPath).find((s) => s.listening)?.inode);
    const exit = await program.waitForExit(SHUTDOWN_WITHIN_MS);
    if (exit) await settleOutput(program);
    const file = fileAt(h.socketPath);
    const problem = judgeShutdown(exit, file);
    if (!problem) return pass(`exited with status 0 ${Math.round(program.startedAt + exit!.atMs - sentAt.at)} ms after SIGTERM, and SOCKET_PATH is gone`);
    const listening = h.kernel.unixAt(h.socketPath).some((s) => s.listening);
    const ended = problem.kind === 'still-running'
      ? `your program was still running ${SHUTDOWN_WITHIN_MS / 1000} s after SIGTERM${listening ? ', still listening on SOCKET_PATH' : ''}`
      : problem.kind === 'exit-code'
        ? describeCrash(exit!, program.output.text(), sentAt, program.startedAt)
        : `your program ${describeExit(exit, sentAt, program.startedAt)}${problem.kind === 'killed' && exit!.signal === 'SIGTERM' ? ' (status 143 in a shell)' : ''}`;
    return fail({
      did: 'waited until your program listened on SOCKET_PATH and sat idle, waiting for clients, then sent it SIGTERM (what `kill <pid>` sends)',
      expected: `your program to exit with status 0 within ${SHUTDOWN_WITHIN_MS / 1000} s, leaving no file at SOCKET_PATH`,
      saw: `${ended}; ${fileWords(file)}${file === 'socket' && !listening ? ' with nothing listening behind it, so the next start finds it stale' : ''}`,
      cause: shutdownCause(problem, h.language),
    });
  },
});
