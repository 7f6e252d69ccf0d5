// unix: a client of the Unix socket at SOCKET_PATH gets exactly "unix\n", then the server's FIN.
import { defineCheck } from '../../../grader/sdk.ts';
import { checkEndpoint } from './serve-line.ts';

export const unix = defineCheck({
  id: 'unix',
  title: 'a client of the Unix socket at SOCKET_PATH gets "unix", then a FIN',
  hints: [
    'Is anything listening on the path in SOCKET_PATH, and what does it write? A client there gets the single word "unix" and a newline, then your close.',
    'A client\'s Unix socket has no name, so there is no address or port to report (lesson: "Who is the peer?"). Decide the line by the listener that accepted the connection, not by the peer\'s address.',
    'Node: a server of its own, net.createServer((s) => s.end(\'unix\\n\')).listen(socketPath). Python: an AF_UNIX socket bound to SOCKET_PATH in your selectors loop; sendall(b"unix\\n"), then close the connection.',
  ],
  run: (h) => checkEndpoint(h, 'unix'),
});
