// How a lesson 2 program ended after SIGTERM, judged without I/O: it must exit with status 0 and
// leave no file at SOCKET_PATH; and the words for each way it did not.
import { advise } from '../../../grader/sdk.ts';

export const SHUTDOWN_WITHIN_MS = 2000;

export type FileAt = 'socket' | 'other' | 'none';
export interface Ended {
  code: number | null;
  signal: string | null;
}

export type ShutdownProblem =
  | { kind: 'still-running'; file: FileAt }
  | { kind: 'killed'; signal: string; file: FileAt }
  | { kind: 'exit-code'; code: number; file: FileAt }
  | { kind: 'file-left'; file: Exclude<FileAt, 'none'> };

export function judgeShutdown(exit: Ended | undefined, file: FileAt): ShutdownProblem | undefined {
  if (!exit) return { kind: 'still-running', file };
  if (exit.signal) return { kind: 'killed', signal: exit.signal, file };
  if (exit.code !== 0) return { kind: 'exit-code', code: exit.code ?? -1, file };
  if (file !== 'none') return { kind: 'file-left', file };
  return undefined;
}

export function fileWords(file: FileAt): string {
  if (file === 'none') return 'SOCKET_PATH is gone';
  return file === 'socket' ? 'the socket file is still at SOCKET_PATH' : 'a file that is not a socket is at SOCKET_PATH';
}

type Language = Parameters<typeof advise>[0];

export function shutdownCause(problem: ShutdownProblem, language: Language): string {
  switch (problem.kind) {
    case 'still-running':
      return advise(language, {
        node: 'your \'SIGTERM\' handler replaced the default action (ending the process), so ending is up to you: close every server there; the process exits once nothing is left open, and an open client connection, a timer or a setInterval keeps it alive',
        python: 'your SIGTERM handler must end the program: sys.exit(0) raises SystemExit, which leaves select(), runs your `finally:` and exits with status 0',
      });
    case 'killed':
      return problem.signal === 'SIGTERM'
        ? `with no handler installed, SIGTERM ends the process on the spot and none of its code runs: ${advise(language, {
            node: 'process.on(\'SIGTERM\', …) and close every server in it: closing the Unix socket\'s server removes its file, and the process then exits with status 0',
            python: 'signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0)) turns it into SystemExit, which runs your `finally: os.unlink(SOCKET_PATH)`',
          })}`
        : `your program ended by ${problem.signal} after the grader's SIGTERM: see its last lines below`;
    case 'exit-code':
      return 'a server stopped as asked exits with status 0: see its last lines below for the error that set another status';
    case 'file-left':
      return `remove the file on the way out: ${advise(language, {
        node: 'process.exit() ends the process before anything is closed, and only server.close() makes Node unlink the socket file; close the servers and let the process end by itself (or fs.unlinkSync(socketPath) first)',
        python: 'os.unlink(SOCKET_PATH) in a `finally:` around your loop (sys.exit raises SystemExit, so it runs); os._exit() skips it',
      })}`;
  }
}
