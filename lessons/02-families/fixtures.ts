// Lesson 2's known-broken servers: each must fail exactly the checks in `fails` (and say skip
// for those in `skips`), which proves every check can fail.
import type { Fixture } from '../../grader/types.ts';

export const fixtures: Fixture[] = [
  { file: 'fixtures/unix-peer-as-ipv4.ts', fails: ['unix'], skips: [], bug: 'decides the family from remoteFamily, which is undefined for a Unix socket client' },
  { file: 'fixtures/unix-only.ts', fails: ['ipv4', 'ipv6'], skips: [], bug: 'listens only on the Unix socket' },
  { file: 'fixtures/dual-stack-mapped.ts', fails: ['ipv4'], skips: [], bug: 'one dual-stack listener on \'::\': IPv4 clients are answered "ipv6 [::ffff:127.0.0.1]:…"' },
  { file: 'fixtures/ipv4-only.py', fails: ['ipv6'], skips: [], bug: 'never listens on ::1' },
  { file: 'fixtures/ipv6-without-brackets.py', fails: ['ipv6'], skips: [], bug: 'writes an IPv6 peer as "::1:54321", without brackets' },
  { file: 'fixtures/crashes-on-stale-file.py', fails: ['stale-socket-file'], skips: [], bug: 'binds without removing a stale socket file: EADDRINUSE traceback' },
  { file: 'fixtures/crashes-on-stale-file.ts', fails: ['stale-socket-file'], skips: [], bug: 'listen(path) on a stale socket file: unhandled EADDRINUSE' },
  { file: 'fixtures/no-sigterm-handler.py', fails: ['removes-socket-file'], skips: [], bug: 'no SIGTERM handler: killed by the signal, its finally never runs' },
  { file: 'fixtures/exits-without-unlink.ts', fails: ['removes-socket-file'], skips: [], bug: 'process.exit(0) on SIGTERM without closing the servers: the file stays' },
];
