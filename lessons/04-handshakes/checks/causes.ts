// Why a server answered too soon, or not at all after the client's FIN: the likely cause in the
// student's code, in the program's language. Pure functions of what the client saw.
import { advise, type Harness, type TcpSocket } from '../../../grader/sdk.ts';
import type { Answer, EarlyReply } from './conversation.ts';

type Lang = Pick<Harness, 'language'>;

/** Node's words when a write comes after it has ended the socket at the client's FIN. */
const ENDED_SOCKET = /This socket has been ended by the other party|EPIPE|write after end/i;

/** The server replied or closed before the client's FIN. */
export function earlyCause(early: EarlyReply, h: Lang): string {
  if (early.data.length > 0) {
    return `your server answered before the client had finished sending: a read returns whatever has arrived so far, not the whole payload, and nothing in the bytes says the payload is complete; only the client's FIN does: ${advise(h.language, {
      node: 'in \'data\', only feed the chunk to the hash and count it; answer in \'end\', which Node emits once the client\'s FIN has arrived',
      python: 'call recv() in a loop, feeding each chunk to the hash, until it returns b\'\' (the FIN); answer after the loop',
    })}`;
  }
  if (early.ending === 'rst') {
    return `your program closed the connection while the client was still sending: the kernel resets a connection closed with bytes unread, or one that bytes reach after it was closed. Read until the client's FIN (${advise(h.language, { node: 'the \'end\' event', python: 'recv() returning b\'\'' })}), answer, and only then close`;
  }
  return `your server closed the connection after reading part of the payload: ${advise(h.language, {
    node: 'end your side in the \'end\' handler, after the answer (socket.end(answer)), not in \'data\'',
    python: 'one recv() is not the whole payload; keep calling recv() until it returns b\'\' (the client\'s FIN), then answer, then close',
  })}`;
}

/** Nothing came back after the client's FIN: the server closed, reset, or stayed silent. */
export function silentCause(answer: Answer, output: string, server: TcpSocket | undefined, h: Lang): string {
  if (answer.end === 'fin' || answer.end === 'closed') {
    const seen = ENDED_SOCKET.test(output) ? 'Its output shows the refused write. ' : '';
    return `your server closed its side at the client's FIN without answering. ${seen}${advise(h.language, {
      node: 'Node ends your side as soon as the client\'s FIN arrives unless the server is made with net.createServer({ allowHalfOpen: true }, …); then an answer written later (after an await, in a callback or on a timer) is refused with EPIPE. Keep allowHalfOpen: true and answer with socket.end(answer) in \'end\'',
      python: 'recv() returning b\'\' means the client has finished sending, not that it has gone: it still reads. sendall() the answer, then close',
    })}`;
  }
  if (answer.end === 'rst') {
    return `your program reset the connection instead of answering: ${advise(h.language, {
      node: 'answer with socket.end(answer) in \'end\'; socket.destroy() or resetAndDestroy() before the answer discards it',
      python: 'sendall() the answer before close(), and do not set SO_LINGER to 0',
    })}`;
  }
  if (server && server.rxQueue > 0) {
    return `your program stopped reading before the end of the payload: the client's FIN waits behind bytes it never read: ${advise(h.language, {
      node: 'do not pause the socket (or resume it), and keep the \'data\' handler on until \'end\'',
      python: 'keep calling recv() until it returns b\'\'',
    })}`;
  }
  return `your server never answered after the client's FIN: ${advise(h.language, {
    node: 'Node emits \'end\' when the FIN arrives; answer there with socket.end(`${count} ${hash.digest(\'hex\')}\\n`)',
    python: 'when recv() returns b\'\', leave the read loop and sendall() the answer',
  })}`;
}
