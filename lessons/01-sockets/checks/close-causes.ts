// The likely cause in the student's code when a client does not close in order, in its own language.
import { advise, describeCrash, isCrash, type Harness } from '../../../grader/sdk.ts';
import { clientSide } from './client-kernel.ts';
import { readingConnection } from './client-words.ts';
import type { Conversation } from './conversation.ts';
import type { CloseProblem } from './judge-close.ts';

const UNREAD_RST = 'closing a socket while bytes the server sent are still unread, or before they arrive, makes the kernel answer with a reset (RST), and those bytes are lost: read the verdict line (and print it) before you close';

/** `verdictUnread`: the client's end held unread bytes, or the verdict went out after its FIN, or it never printed the verdict. */
export function closeCause(h: Harness, problem: CloseProblem, c: Conversation, verdictUnread: boolean): string {
  const exit = c.program.exitInfo();
  const crashed = exit && isCrash(exit) && problem !== 'exit-status' ? `${describeCrash(exit, c.program.output.text())}; ` : '';
  switch (problem) {
    case 'no-fin':
      return noFinCause(h, c);
    case 'rst':
    case 'rst-after-fin':
      if (verdictUnread) return `${crashed}${UNREAD_RST}`;
      return `${crashed}${advise(h.language, {
        node: 'socket.resetAndDestroy() always sends a reset (RST), and so does destroy() with unread data: close with socket.end()',
        python: 'setting SO_LINGER to 0 makes close() send a reset (RST): remove it and just close()',
      })}`;
    case 'still-running':
      return advise(h.language, {
        node: 'something still keeps Node\'s event loop alive after the connection closed: a timer (setInterval, a setTimeout not yet due), process.stdin, or another socket or server. Clear or close what you started; once nothing is left, Node exits by itself',
        python: 'after close() your program goes on waiting for something else: let it end once the connection is closed',
      });
    case 'exit-status':
      if (exit && isCrash(exit) && (exit.signal || /Traceback|Error/.test(c.program.output.text()))) return `${describeCrash(exit, c.program.output.text())}: the error and its line are in the last lines below`;
      return `a conversation that went as the protocol says ends with exit status 0: ${advise(h.language, {
        node: 'the server\'s FIN (the \'end\' event) and \'close\' are the normal end, not errors: do not set process.exitCode or call process.exit(1) there',
        python: 'the server\'s FIN (an empty recv()) is the normal end, not an error: do not sys.exit(1) on it',
      })}`;
  }
}

function noFinCause(h: Harness, c: Conversation): string {
  const socket = clientSide(h, c);
  const exit = c.program.exitInfo();
  if (exit) return 'your program has ended, yet its end of the connection is still open: another process it started still holds the socket. Close it in every process that has it, or do not hand it on';
  if (socket && socket.rxQueue > 0) {
    return `your program stopped reading before the verdict and never closed: read the verdict line, print it, then close (${advise(h.language, { node: 'socket.end()', python: 'client.close()' })})`;
  }
  if (readingConnection(h.kernel.doing(c.program), socket)) {
    return `your program waits in recv() for the server to close first, but this server waits for you: both wait forever. Close as soon as you have printed the verdict; ${advise(h.language, {
      node: 'call socket.end() right after console.log()',
      python: 'call client.close() right after print(), without reading on to the end of the stream',
    })}`;
  }
  return advise(h.language, {
    node: 'your program never closes the connection: call socket.end() once it has printed the verdict. An open socket also keeps Node\'s event loop, and so your program, alive',
    python: 'your program never closes the connection: call client.close() once it has printed the verdict',
  });
}
