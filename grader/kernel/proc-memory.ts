// Reads resident memory (RSS) from /proc/PID/statm (Linux), for a program or its whole process group.
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { canReadProcesses, listGroupFromLeader } from './proc-processes.ts';

// AT_PAGESZ in include/uapi/linux/auxvec.h: the page size the kernel hands every program at exec.
const AT_PAGESZ = 6;
/** The page size of x86_64 and of most aarch64 kernels; some aarch64 kernels use 16 KiB or 64 KiB pages. */
export const DEFAULT_PAGE_SIZE = 4096;

/**
 * Finds AT_PAGESZ in an auxiliary vector (pairs of unsigned longs: type, value), which is where
 * `getconf PAGESIZE` gets it from too. Undefined when it is not there.
 */
export function parseAuxvPageSize(auxv: Buffer, wordBytes = 8, byteOrder = endianness()): number | undefined {
  const read = (at: number) =>
    wordBytes === 8
      ? Number(byteOrder === 'LE' ? auxv.readBigUInt64LE(at) : auxv.readBigUInt64BE(at))
      : byteOrder === 'LE' ? auxv.readUInt32LE(at) : auxv.readUInt32BE(at);
  for (let at = 0; at + 2 * wordBytes <= auxv.length; at += 2 * wordBytes) {
    const type = read(at);
    if (type === 0) break; // AT_NULL ends the vector
    if (type === AT_PAGESZ) return read(at + wordBytes);
  }
  return undefined;
}

let pageSize: number | undefined;

/** The kernel's page size, read once from this process's own auxiliary vector. */
export function systemPageSize(): number {
  if (pageSize === undefined) {
    try {
      const wordBytes = ['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].includes(process.arch) ? 8 : 4;
      pageSize = parseAuxvPageSize(readFileSync('/proc/self/auxv'), wordBytes) ?? DEFAULT_PAGE_SIZE;
    } catch {
      pageSize = DEFAULT_PAGE_SIZE;
    }
  }
  return pageSize;
}

export interface Statm {
  /** Virtual size, in pages. */
  sizePages: number;
  /** Resident pages: anonymous, file-backed and shared memory together (what RSS means). */
  residentPages: number;
  /** Resident pages backed by a file or shared memory. */
  sharedPages: number;
}

/** Parses /proc/PID/statm: "size resident shared text lib data dt", in pages. */
export function parseStatm(text: string): Statm {
  const [size, resident, shared] = text.trim().split(/\s+/).map(Number);
  return { sizePages: size ?? 0, residentPages: resident ?? 0, sharedPages: shared ?? 0 };
}

/** Resident memory of one process, in bytes; undefined where it cannot be read (gone, or no /proc). */
export function processRss(pid: number): number | undefined {
  if (!canReadProcesses()) return undefined;
  try {
    return parseStatm(readFileSync(`/proc/${pid}/statm`, 'utf8')).residentPages * systemPageSize();
  } catch {
    return undefined;
  }
}

/** Reads the "Pss:" line of /proc/PID/smaps_rollup (kB), in bytes. */
export function parseSmapsRollupPss(text: string): number | undefined {
  const m = /^Pss:\s+(\d+) kB$/m.exec(text);
  return m ? Number(m[1]) * 1024 : undefined;
}

/**
 * Proportional resident memory of one process, in bytes: each page shared with N processes counts
 * 1/N. About 100 times dearer to read than RSS (the kernel walks every mapping: 0.8 ms for Node here).
 */
export function processPss(pid: number): number | undefined {
  if (!canReadProcesses()) return undefined;
  try {
    return parseSmapsRollupPss(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  } catch {
    return undefined; // gone, another user's process, or a kernel older than 4.14
  }
}

export interface GroupMemory {
  /**
   * The sum of the members' RSS: pages that forked processes share are counted once per process,
   * so a fork-per-client server looks bigger than it is; `proportional` counts them once in all.
   */
  rssBytes: number;
  processes: Array<{ pid: number; comm: string; rssBytes: number }>;
}

/**
 * Resident memory of every live member of a process group (PSS instead of RSS with `proportional`);
 * undefined where /proc cannot be read or no member is left.
 */
export function groupMemory(pgid: number, options: { proportional?: boolean } = {}): GroupMemory | undefined {
  if (!canReadProcesses()) return undefined;
  const measure = options.proportional ? processPss : processRss;
  const processes = listGroupFromLeader(pgid).flatMap((p) => {
    const rssBytes = measure(p.pid);
    return rssBytes === undefined ? [] : [{ pid: p.pid, comm: p.comm, rssBytes }];
  });
  if (processes.length === 0) return undefined;
  return { rssBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0), processes };
}

/** Resident memory of a process group, in bytes (see groupMemory). */
export function groupRss(pgid: number): number | undefined {
  return groupMemory(pgid)?.rssBytes;
}
