// ipv6: a client of [::1]:PORT gets "ipv6 [::1]:<its own port>\n", then the server's FIN. Skipped
// only where the grader itself cannot listen on ::1 (a host without IPv6 loopback).
import { defineCheck, skip } from '../../../grader/sdk.ts';
import { canListenOnIpv6Loopback } from './ipv6-host.ts';
import { checkEndpoint } from './serve-line.ts';

export const ipv6 = defineCheck({
  id: 'ipv6',
  title: 'a client of [::1]:PORT gets "ipv6 [::1]:<its port>", then a FIN',
  hints: [
    'IPv4 and IPv6 are separate protocols: does anything listen on ::1 at PORT, with a socket of its own?',
    'An IPv6 address has colons of its own, so next to a port it goes in square brackets: [::1]:54321, never ::1:54321 (lesson: "AF_INET and AF_INET6").',
    'Node: a second server, listen(port, \'::1\'), answering `ipv6 [${socket.remoteAddress}]:${socket.remotePort}\\n`. Python: an AF_INET6 socket bound to ("::1", PORT); its accept() returns (host, port, flowinfo, scope_id).',
  ],
  async run(h) {
    const cannot = await canListenOnIpv6Loopback();
    if (cannot !== true) return skip(`this machine has no IPv6 loopback: the grader itself cannot listen on ::1 (${cannot}), so no client can reach [::1]:PORT here; the unix and ipv4 checks still judge your program`, { environment: true });
    return checkEndpoint(h, 'ipv6');
  },
});
