// A peer's record of a connection: what it sent and received, with times; FIN and RST seen.
export type TranscriptEventType =
  | 'connect' | 'connect-failed' | 'sent' | 'received'
  | 'fin-sent' | 'fin-received' | 'rst-sent' | 'rst-received' | 'error' | 'closed';

export interface TranscriptEvent {
  /** ms since the peer was created. */
  t: number;
  type: TranscriptEventType;
  bytes?: number;
  /** The first bytes, escaped, for --verbose. */
  preview?: string;
  detail?: string;
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

/** One line per event, for --verbose. */
export function formatTranscript(events: TranscriptEvent[]): string[] {
  return events.map((e) => {
    const time = `${e.t.toFixed(1).padStart(8)} ms`;
    const size = e.bytes !== undefined ? ` ${e.bytes} B` : '';
    const extra = e.preview !== undefined ? ` "${e.preview}"` : e.detail ? ` ${e.detail}` : '';
    return `${time}  ${e.type}${size}${extra}`;
  });
}
