// The likely cause in the student's code when the reply line is missing, when its token is wrong,
// and when the verdict never reached stdout, worded in the program's own language.
import { advise, describeCrash, isCrash, type Harness } from '../../../grader/sdk.ts';
import { clientSide } from './client-kernel.ts';
import { readingConnection } from './client-words.ts';
import type { Conversation, Reply } from './conversation.ts';
import type { TokenProblem } from './protocol.ts';
import type { Printed } from './stdout-line.ts';

export function noReplyCause(h: Harness, c: Conversation, reply: Reply): string {
  const exit = c.program.exitInfo();
  if (exit && isCrash(exit)) return `${describeCrash(exit, c.program.output.text())}: the error and the line it happened on are in its last lines below`;
  if (reply.data.length > 0) {
    return `the server reads your reply as a line, so it must end with '\\n': ${advise(h.language, {
      node: 'socket.write(`${token} ${socket.localPort}\\n`)',
      python: 'client.sendall(f"{token} {port}\\n".encode())',
    })}`;
  }
  if (reply.outcome === 'rst') {
    return 'your client reset the connection before replying: closing a socket while bytes the server sent are still unread makes the kernel send RST; read the whole greeting line and reply before you close';
  }
  if (reply.outcome === 'fin' || reply.outcome === 'closed') {
    return 'your client closed the connection without replying: read the greeting up to its \'\\n\', reply, read the verdict, and only then close';
  }
  const socket = clientSide(h, c);
  if (socket && socket.rxQueue > 0) {
    return `your program stopped reading before the greeting's '\\n': the rest of the line is still in its receive buffer. ${keepReading(h)}`;
  }
  if (readingConnection(h.kernel.doing(c.program), socket)) {
    return `your program has read the whole greeting and waits in recv() for more instead of replying: the greeting is one line, complete once its '\\n' has arrived, and the server sends nothing more until you reply. ${advise(h.language, {
      node: 'reply as soon as your buffer holds a complete line',
      python: 'stop reading at the \'\\n\' (not after a fixed number of bytes, and not at the end of the stream) and reply',
    })}`;
  }
  return `your program received the whole greeting but never replied: ${advise(h.language, {
    node: 'once your buffer holds the line up to its \'\\n\', take the token from it and write "<token> <port>\\n" with socket.write()',
    python: 'once you have the line up to its \'\\n\', take the token from it and sendall() "<token> <port>\\n"',
  })}`;
}

function keepReading(h: Harness): string {
  return advise(h.language, {
    node: 'Keep the \'data\' handler adding chunks to your buffer until it holds \'\\n\'',
    python: 'Call recv() again until the data holds \'\\n\'',
  });
}

export function tokenCause(h: Harness, problem: TokenProblem, c: Pick<Conversation, 'token' | 'split'>): string {
  switch (problem.kind) {
    case 'first-part':
      return `TCP carries a stream of bytes, not messages, and the server wrote the greeting in two parts. ${advise(h.language, {
        node: `One 'data' event brings one chunk, whatever the kernel had at that moment: here "HELLO ${c.token.slice(0, c.split)}", the first part. Add each chunk to a buffer and take the line only once its '\\n' has arrived`,
        python: `One recv() returns whatever has arrived so far: here "HELLO ${c.token.slice(0, c.split)}", the first part. Call recv() again until the data holds '\\n', or read the line with sock.makefile("rb").readline()`,
      })}`;
    case 'empty':
      return 'your reply line was empty: it must begin with the token from the greeting';
    case 'crlf':
      return 'your reply ends in "\\r\\n": this protocol\'s lines end in "\\n" alone';
    case 'greeting-echoed':
      return `the token is what follows "HELLO ": ${advise(h.language, { node: 'line.slice(\'HELLO \'.length)', python: 'line.removeprefix("HELLO ")' })}, without the newline`;
    case 'other':
      return problem.got.includes(c.token)
        ? 'your first word holds the token with something else around it: reply with the token itself, a space, and your port'
        : 'the token is everything after "HELLO " up to the newline, without the newline itself: reply with it, a space, and your port';
  }
}

export function verdictCause(h: Harness, printed: Printed): string {
  if (printed === 'inside') {
    return `print the verdict line itself, with nothing around it: ${advise(h.language, {
      node: 'console.log(line), where line is the text up to the \'\\n\' (no JSON.stringify, no label)',
      python: 'print(line) of the decoded text (print(data) of bytes shows b\'…\'), with no label',
    })}`;
  }
  return `after your reply, read the server's next line (the verdict, up to its '\\n') and print it on stdout: ${advise(h.language, {
    node: 'console.log(line) for the second line your buffer yields',
    python: 'print(verdict) once you have read that line',
  })}`;
}
