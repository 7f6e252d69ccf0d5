// A check's transcripts for its report: its own peers' and its servers' connections, and those of a
// shared observation (held by this check, or borrowed from the check that held it) named as such.
import type { PeerTranscript } from '../net/transcript.ts';

const SHARED = ' (shared conversation)';

interface Peer {
  name: string;
  events: PeerTranscript['events'];
}

/** `mark`: how many of the peers and servers the shared observation this check held had used. */
export function nameTranscripts(peers: Peer[], servers: { connections: Peer[] }[], mark = { peers: 0, servers: 0 }): PeerTranscript[] {
  const name = (peer: Peer, shared: boolean) => ({ peer: shared ? `${peer.name}${SHARED}` : peer.name, events: peer.events });
  return [...peers.map((p, i) => name(p, i < mark.peers)), ...servers.flatMap((s, i) => s.connections.map((c) => name(c, i < mark.servers)))];
}

/** Only the shared observation's transcripts: what a check judged on it shows. */
export function sharedOnly(transcripts: PeerTranscript[]): PeerTranscript[] {
  return transcripts.filter((t) => t.peer.endsWith(SHARED));
}
