// The shared snapshot of /proc/net tables and the cheap per-port filter, on files we write ourselves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTcpLine } from '../../grader/kernel/proc-net-tcp.ts';
import { createTableReader, linesWithPort, portNeedle } from '../../grader/kernel/proc-net-table.ts';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
// Port 0x1F90 = 8080 appears as a local port, a remote port, and (as 1F90 inside wider hex fields) where it must not match.
const TABLE = `${HEADER}
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0
   1: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 4712 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1F91 0100007F:C000 01 00001F90:00001F90 00:00001F90 00000000     0        0 4713 1 0000000000001F90 20 4 30 10 -1
`;

describe('linesWithPort', () => {
  it('writes the port as the kernel does: four upper-case hex digits between a colon and a space', () => {
    expect(portNeedle(8080)).toBe(':1F90 ');
    expect(portNeedle(80)).toBe(':0050 ');
  });

  it('finds the lines with the port as local or remote port, and no others', () => {
    expect(linesWithPort(TABLE, 8080).map((l) => parseTcpLine(l)?.inode)).toEqual([4711, 4712]);
    expect(linesWithPort(TABLE, 54321).map((l) => parseTcpLine(l)?.inode)).toEqual([4712]);
    expect(linesWithPort(TABLE, 1)).toEqual([]);
  });

  it('finds a match on a last line without a newline', () => {
    expect(linesWithPort(TABLE.trimEnd(), 0xc000)).toHaveLength(1);
  });
});

describe('createTableReader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handshake-table-'));
  const path = join(dir, 'tcp');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shares a recent snapshot between readers, filtered or not, and reads afresh when asked', () => {
    writeFileSync(path, TABLE);
    const read = createTableReader([path, join(dir, 'absent')], parseTcpLine, () => true);
    const all = read();
    expect(all.map((s) => s.inode)).toEqual([4711, 4712, 4713]);
    writeFileSync(path, HEADER + '\n');
    expect(read({ maxAgeMs: 60_000 })).toBe(all);
    const onPort = read({ maxAgeMs: 60_000, port: 8080 });
    expect(onPort.map((s) => s.inode)).toEqual([4711, 4712]);
    expect(read({ maxAgeMs: 60_000, port: 8080 })).toBe(onPort);
    expect(read({ port: 8080 })).toEqual([]);
    expect(read({ maxAgeMs: 60_000 })).toEqual([]);
  });

  it('parses only the port\'s lines when no reader has parsed the whole table yet', () => {
    writeFileSync(path, TABLE);
    const parsed: string[] = [];
    const read = createTableReader([path], (line) => (parsed.push(line), parseTcpLine(line)), () => true);
    expect(read({ port: 8080 }).map((s) => s.inode)).toEqual([4711, 4712]);
    expect(parsed).toHaveLength(2);
  });

  it('returns nothing, and reads nothing, where the kernel cannot be read', () => {
    const read = createTableReader([path], parseTcpLine, () => false);
    expect(read()).toEqual([]);
    expect(read({ port: 8080 })).toEqual([]);
  });
});
