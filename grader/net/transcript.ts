// A peer's record of a connection or a socket: what it sent and received, with times; FIN and RST seen.

/** The events today's peers record; any other name is allowed, so a new peer needs no change here. */
export type KnownEventType =
  // stream peers
  | 'connect' | 'connect-failed' | 'accepted' | 'sent' | 'received'
  | 'fin-sent' | 'fin-received' | 'rst-sent' | 'rst-received' | 'aborted' | 'paused' | 'resumed'
  // datagram peers
  | 'bound' | 'datagram-sent' | 'datagram-received'
  // every peer
  | 'error' | 'closed';

// `string & {}` keeps the known names offered by the editor while accepting any string.
export type TranscriptEventType = KnownEventType | (string & {});

export interface TranscriptEvent {
  /** ms since the peer was created. */
  t: number;
  type: TranscriptEventType;
  bytes?: number;
  /** The first bytes, escaped, for --verbose. */
  preview?: string;
  detail?: string;
  /** Where a datagram came from or went to, as "addr:port" ("[addr]:port" for IPv6). */
  from?: string;
  to?: string;
  /** How many reads one event stands for, when a long run of them was merged; and when the last was. */
  count?: number;
  lastT?: number;
}

export function previewBytes(data: Buffer, max = 48): string {
  const text = JSON.stringify(data.subarray(0, max).toString('latin1')).slice(1, -1);
  return data.length > max ? `${text}…` : text;
}

export function formatBytes(n: number): string {
  if (n === 1) return '1 byte';
  if (n < 10 * 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${n} bytes (${(n / 1024).toFixed(1)} KiB)`;
  return `${n} bytes (${(n / 1024 / 1024).toFixed(2)} MiB)`;
}

/** A run of 'received' events longer than this goes on as one merged event, so a 256 MiB stream stays a short transcript. */
const RECEIVED_RUN_KEPT = 16;

/** Appends a 'received' event, or adds the chunk to the run's merged last event once the run is long. */
export function appendReceived(events: TranscriptEvent[], t: number, chunk: Buffer): void {
  const last = events.at(-1);
  if (last?.type === 'received' && (last.count !== undefined || receivedRun(events) > RECEIVED_RUN_KEPT)) {
    last.bytes = (last.bytes ?? 0) + chunk.length;
    last.count = (last.count ?? 1) + 1;
    last.lastT = t;
    return;
  }
  events.push({ t, type: 'received', bytes: chunk.length, preview: previewBytes(chunk) });
}

/** How many 'received' events end the transcript (counting no further than one past the kept run). */
function receivedRun(events: TranscriptEvent[]): number {
  let n = 0;
  while (n <= RECEIVED_RUN_KEPT && events[events.length - 1 - n]?.type === 'received') n++;
  return n;
}

/** "addr:port", with IPv6 addresses in brackets so the port stays readable. */
export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** One line per event, for --verbose. */
export function formatTranscript(events: TranscriptEvent[]): string[] {
  return events.map((e) => {
    const time = `${e.t.toFixed(1).padStart(8)} ms`;
    const size = e.bytes !== undefined ? ` ${e.bytes} B` : '';
    const merged = e.count !== undefined && e.count > 1 ? ` in ${e.count} reads${e.lastT !== undefined ? ` (until ${e.lastT.toFixed(1)} ms)` : ''}` : '';
    const where = `${e.from !== undefined ? ` from ${e.from}` : ''}${e.to !== undefined ? ` to ${e.to}` : ''}`;
    const extra = e.preview !== undefined ? ` "${e.preview}"` : e.detail ? ` ${e.detail}` : '';
    return `${time}  ${e.type}${size}${merged}${where}${extra}`;
  });
}

/** One peer's transcript, as a result carries it. */
export interface PeerTranscript {
  peer: string;
  events: TranscriptEvent[];
}
