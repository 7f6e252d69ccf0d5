// The kernel's UDP counter for datagrams that found no socket (Udp NoPorts in /proc/net/snmp): it
// goes up when a reply reaches a port that was closed, which is the bounce client-gone waits for.
// The SDK's kernel view has no reader for it, so it lives here.
import { readFileSync } from 'node:fs';
import { activeNow, sleep, type Harness } from '../../../grader/sdk.ts';

/** Pure: the NoPorts value from the text of /proc/net/snmp (a header line, then a value line). */
export function parseUdpNoPorts(snmp: string): number | undefined {
  const [header, values] = snmp.split('\n').filter((line) => line.startsWith('Udp:'));
  if (!header || !values) return undefined;
  const column = header.trim().split(/\s+/).indexOf('NoPorts');
  const value = column > 0 ? Number(values.trim().split(/\s+/)[column]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** The counter now; undefined where the kernel's tables cannot be read. */
export function readUdpNoPorts(h: Pick<Harness, 'kernel'>): number | undefined {
  if (!h.kernel.available) return undefined;
  try {
    return parseUdpNoPorts(readFileSync('/proc/net/snmp', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Waits (at most `ms` of active time) until the counter has gone past `before`: true once it has,
 * false when it has not, undefined when it cannot be read. Ends early when `stop()` says so.
 */
export async function waitForBounce(h: Pick<Harness, 'kernel'>, before: number | undefined, ms: number, stop: () => boolean = () => false): Promise<boolean | undefined> {
  if (before === undefined) return undefined;
  const deadline = activeNow() + ms;
  for (;;) {
    const now = readUdpNoPorts(h);
    if (now === undefined) return undefined;
    if (now > before) return true;
    if (activeNow() >= deadline || stop()) return false;
    await sleep(5);
  }
}
