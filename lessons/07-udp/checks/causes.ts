// The likely causes lesson 7's checks name, in the program's own language.
import { advise, type Harness } from '../../../grader/sdk.ts';
import type { EchoProblem } from './judge-datagrams.ts';

type Lang = Pick<Harness, 'language'>;

/** Advice that opens a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function noReplyCause(h: Lang, queued: boolean): string {
  if (queued) {
    return `the datagram is still waiting in your socket's receive queue: your program does not read it. ${capitalize(advise(h.language, {
      node: 'handle the socket\'s \'message\' event (server.on(\'message\', (msg, rinfo) => …)); nothing else may keep the event loop busy',
      python: 'call recvfrom() in a loop (while True:), and nothing else may block that loop',
    }))}`;
  }
  return `your program read the datagram but sent nothing back: ${advise(h.language, {
    node: 'in \'message\', send msg back with server.send(msg, rinfo.port, rinfo.address)',
    python: 'after data, addr = server.recvfrom(65535), send it back with server.sendto(data, addr)',
  })}`;
}

export function connectedCause(h: Lang, peer: string): string {
  return `your server's socket is connected to ${peer}. connect() on a UDP socket sends nothing: it fixes one peer, and from then on the kernel hands the socket only that peer's datagrams (everyone else's are answered with ICMP "port unreachable"), and reports that peer's ICMP errors to it. A server never connects its socket: ${advise(h.language, {
    node: 'drop server.connect(), and answer each \'message\' with server.send(msg, rinfo.port, rinfo.address)',
    python: 'drop connect(), and answer each datagram with server.sendto(data, addr), addr from its own recvfrom()',
  })}`;
}

export function truncatedCause(h: Lang): string {
  return advise(h.language, {
    node: 'Node hands \'message\' the whole datagram: send msg itself back, not a slice or a copy of part of it',
    python: 'recvfrom(n) returns one datagram cut to n bytes and throws the rest of it away without an error: ask for enough, recvfrom(65535), which holds any UDP datagram',
  });
}

export function alteredCause(h: Lang, got: Buffer): string {
  if (got.includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
    return `your program decoded the bytes as text and encoded them again: bytes that are not valid UTF-8 became U+FFFD. Echo the bytes as they came: ${advise(h.language, { node: 'send the Buffer itself, no toString()', python: 'send the bytes object itself, no .decode()' })}`;
  }
  return 'the reply must be the very bytes received: send back each datagram exactly as it came, without decoding, trimming or adding anything (no newline, no prompt)';
}

export function repeatCause(): string {
  return 'your server sends some datagrams more than once: exactly one reply per datagram received';
}

export function wrongSourceCause(h: Lang): string {
  return `your reply left through another socket than the one the client wrote to. A datagram's source port is its socket's port, and the kernel gives every socket its own: ${advise(h.language, {
    node: 'reply with the very socket whose \'message\' fired (server.send(msg, rinfo.port, rinfo.address)), not with a second dgram socket',
    python: 'reply with server.sendto(data, addr) on the socket you bound and read from, not with a new socket',
  })}. A client that connect()s its UDP socket (nc -u, socat, most real clients) never sees a reply from another address`;
}

/** The cause for a reply that came back wrong (anything but "no reply"). */
export function echoProblemCause(h: Lang, problem: Exclude<EchoProblem, { kind: 'none' }>, got: Buffer): string {
  if (problem.kind === 'truncated') return truncatedCause(h);
  if (problem.kind === 'repeat') return repeatCause();
  if (problem.kind === 'wrong-source') return wrongSourceCause(h);
  return alteredCause(h, got);
}
