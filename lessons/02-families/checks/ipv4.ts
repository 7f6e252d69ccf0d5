// ipv4: a client of 127.0.0.1:PORT gets "ipv4 127.0.0.1:<its own port>\n", then the server's FIN.
// A dual-stack listener on "::" serves it too, as long as it answers in IPv4 terms.
import { defineCheck } from '../../../grader/sdk.ts';
import { checkEndpoint } from './serve-line.ts';

export const ipv4 = defineCheck({
  id: 'ipv4',
  title: 'a client of 127.0.0.1:PORT gets "ipv4 127.0.0.1:<its port>", then a FIN',
  hints: [
    'The line names the client, not your server: its address and port as your server sees them.',
    'Listen on 127.0.0.1 with a socket of its own. A single listener on "::" takes IPv4 clients too, but shows them as ::ffff:127.0.0.1 (lesson: "Dual stack: when :: takes IPv4 too").',
    'Node: listen(port, \'127.0.0.1\') and socket.end(`ipv4 ${socket.remoteAddress}:${socket.remotePort}\\n`). Python: an AF_INET socket bound to ("127.0.0.1", PORT); accept() returns (host, port): send f"ipv4 {host}:{port}\\n", then close.',
  ],
  run: (h) => checkEndpoint(h, 'ipv4'),
});
