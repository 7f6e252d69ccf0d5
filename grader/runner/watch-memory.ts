// Samples the resident memory of a program's whole process group and stops the group at a cap,
// so that a program that allocates without end cannot take the machine (or the grader) down.
import { groupMemory } from '../kernel/proc-memory.ts';
import { signalGroup } from '../process/process-registry.ts';
import type { RunningProgram } from '../process/launch-program.ts';

export const MEMORY_CAP_BYTES = 512 * 1024 * 1024;
const SAMPLE_MS = 200;

export interface MemoryWatch {
  /** The cap, in words, once the program was stopped at it. */
  hit(): string | undefined;
  /** The largest resident size seen, in bytes. */
  peak(): number;
  stop(): void;
}

export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

export function watchMemory(program: RunningProgram, capBytes = MEMORY_CAP_BYTES): MemoryWatch {
  let peak = 0;
  let hit: string | undefined;
  const timer = setInterval(() => {
    // Proportional sizes: a forking server's children share most pages, which plain RSS counts once per process.
    const rss = groupMemory(program.pid, { proportional: true })?.rssBytes;
    if (rss === undefined) return;
    peak = Math.max(peak, rss);
    if (rss > capBytes && !hit) {
      hit = `its processes together held ${formatMiB(rss)} of memory, over the grader's cap of ${formatMiB(capBytes)}, so the grader stopped it`;
      signalGroup(program.pid, 'SIGKILL');
    }
  }, SAMPLE_MS);
  timer.unref();
  return { hit: () => hit, peak: () => peak, stop: () => clearInterval(timer) };
}
