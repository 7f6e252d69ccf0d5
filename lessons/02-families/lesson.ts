// Lesson 2's manifest: its files, its checks in order, and the known-broken programs that prove each check can fail.
import { defineLesson } from '../../grader/sdk.ts';
import { ipv4 } from './checks/ipv4.ts';
import { ipv6 } from './checks/ipv6.ts';
import { removesSocketFile } from './checks/removes-socket-file.ts';
import { staleSocketFile } from './checks/stale-socket-file.ts';
import { unix } from './checks/unix.ts';

export default defineLesson({
  number: 2,
  slug: 'families',
  title: 'Families: one server on a Unix socket, IPv4 and IPv6',
  exercise: 'exercises/02-families/server.ts',
  solution: 'solutions/02-families/server.ts',
  // unix, ipv4 and ipv6 take turns on one copy, each ready once the endpoint it judges is served,
  // and removes-socket-file ends it; stale-socket-file needs a copy of its own (a file before the
  // start). A check that does not pass on the shared copy is judged again on a fresh one.
  start: { endpoints: ['unix'] },
  checks: [unix, ipv4, ipv6, staleSocketFile, removesSocketFile],
  // On a host without ::1, ipv6 says skip for every program, so the two fixtures that fail only ipv6 fail nothing there.
  fixtures: [
    { file: 'fixtures/unix-peer-as-ipv4.ts', fails: ['unix'], skips: [], bug: 'decides the family from remoteFamily, which is undefined for a Unix socket client' },
    { file: 'fixtures/unix-only.ts', fails: ['ipv4', 'ipv6'], skips: [], bug: 'listens only on the Unix socket' },
    { file: 'fixtures/dual-stack-mapped.ts', fails: ['ipv4'], skips: [], bug: 'one dual-stack listener on \'::\': IPv4 clients are answered "ipv6 [::ffff:127.0.0.1]:…"' },
    { file: 'fixtures/ipv4-only.py', fails: ['ipv6'], skips: [], bug: 'never listens on ::1' },
    { file: 'fixtures/ipv6-without-brackets.py', fails: ['ipv6'], skips: [], bug: 'writes an IPv6 peer as "::1:54321", without brackets' },
    { file: 'fixtures/crashes-on-stale-file.py', fails: ['stale-socket-file'], skips: [], bug: 'binds without removing a stale socket file: EADDRINUSE traceback' },
    { file: 'fixtures/crashes-on-stale-file.ts', fails: ['stale-socket-file'], skips: [], bug: 'listen(path) on a stale socket file: unhandled EADDRINUSE' },
    { file: 'fixtures/no-sigterm-handler.py', fails: ['removes-socket-file'], skips: [], bug: 'no SIGTERM handler: killed by the signal, its finally never runs' },
    { file: 'fixtures/exits-without-unlink.ts', fails: ['removes-socket-file'], skips: [], bug: 'process.exit(0) on SIGTERM without closing the servers: the file stays' },
  ],
});
