// Pure judgement for many-clients and client-gone: whose replies reached whom, and what a vanished
// client did to the server. No sockets here.

export interface ClientLog {
  /** The datagrams this client sent, in order (it stops after one that got no echo). */
  sent: Buffer[];
  /** Every datagram it received, in order. */
  got: Buffer[];
}

export interface ClientFinding {
  /** 1-based client number. */
  client: number;
  /** Its first datagram (1-based) whose echo never reached it, if any. */
  unanswered?: number;
  /** Datagrams meant for other clients that reached this one: [client, datagram], both 1-based. */
  foreign: [number, number][];
  /** Datagrams that match nothing any client sent, or second copies of its own. */
  strays: number;
}

/** Each client's replies: its own, once each, and nobody else's. */
export function judgeClients(logs: ClientLog[]): ClientFinding[] {
  return logs.map((log, i) => {
    const finding: ClientFinding = { client: i + 1, foreign: [], strays: 0 };
    const own = log.sent.map(() => 0);
    for (const g of log.got) {
      const mine = log.sent.findIndex((d, k) => d.equals(g) && own[k] === 0);
      if (mine >= 0) {
        own[mine]++;
        continue;
      }
      const owner = findOwner(logs, i, g);
      if (owner) finding.foreign.push(owner);
      else finding.strays++;
    }
    const missing = own.indexOf(0);
    if (missing >= 0) finding.unanswered = missing + 1;
    return finding;
  });
}

function findOwner(logs: ClientLog[], self: number, g: Buffer): [number, number] | undefined {
  for (let j = 0; j < logs.length; j++) {
    if (j === self) continue;
    const k = logs[j]!.sent.findIndex((d) => d.equals(g));
    if (k >= 0) return [j + 1, k + 1];
  }
  return undefined;
}

export function clientsOk(findings: ClientFinding[]): boolean {
  return findings.every((f) => f.unanswered === undefined && f.foreign.length === 0 && f.strays === 0);
}

/** "client 3", "clients 2 and 5", "clients 2, 3, 4 and 5". */
export function nameClients(numbers: number[]): string {
  if (numbers.length === 1) return `client ${numbers[0]}`;
  return `clients ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}

/** The one client that received every misrouted reply, when there is exactly one. */
export function soleReceiver(findings: ClientFinding[]): number | undefined {
  const receivers = findings.filter((f) => f.foreign.length > 0);
  return receivers.length === 1 ? receivers[0]!.client : undefined;
}

/** What the clients saw, in words: who got no reply, who got others' replies. */
export function describeClients(findings: ClientFinding[], waitedMs: number): string {
  const parts: string[] = [];
  const byDatagram = new Map<number, number[]>();
  for (const f of findings) if (f.unanswered !== undefined) byDatagram.set(f.unanswered, [...(byDatagram.get(f.unanswered) ?? []), f.client]);
  for (const [k, clients] of [...byDatagram].sort((a, b) => a[0] - b[0])) parts.push(`${nameClients(clients)} got no reply to ${clients.length > 1 ? 'their' : 'its'} datagram ${k} within ${waitedMs / 1000} s`);
  for (const f of findings) {
    if (f.foreign.length > 0) {
      const owners = [...new Set(f.foreign.map(([c]) => c))].sort((a, b) => a - b);
      parts.push(`client ${f.client} got ${f.foreign.length} datagram${f.foreign.length === 1 ? '' : 's'} meant for ${nameClients(owners)}`);
    }
    if (f.strays > 0) parts.push(`client ${f.client} got ${f.strays} datagram${f.strays === 1 ? '' : 's'} that no client sent, or a second copy of its own`);
  }
  const fine = findings.filter((f) => f.unanswered === undefined && f.foreign.length === 0 && f.strays === 0).map((f) => f.client);
  if (fine.length > 0) parts.push(`${nameClients(fine)} got exactly ${fine.length === 1 ? 'its' : 'their'} own replies`);
  return parts.join('; ');
}

export type GoneOutcome = 'served' | 'crashed' | 'ended' | 'connected' | 'replied-to-gone' | 'silent';

export interface GoneEvidence {
  /** Client 2's own datagram came back to it. */
  served: boolean;
  exit?: { crash: boolean };
  /** The server's socket is (or was, before client 1 left) connected to a peer. */
  connected: boolean;
  /** After client 2 sent, a datagram went to a closed port again (undefined: cannot be told). */
  bouncedAfter?: boolean;
  /** The program's socket is still bound. */
  stillBound: boolean;
}

/** Pure: what happened to the server after a client vanished. */
export function judgeClientGone(e: GoneEvidence): GoneOutcome {
  if (e.exit) return e.exit.crash ? 'crashed' : 'ended';
  if (e.served) return 'served';
  if (e.connected) return 'connected';
  if (e.bouncedAfter && e.stillBound) return 'replied-to-gone';
  return 'silent';
}
