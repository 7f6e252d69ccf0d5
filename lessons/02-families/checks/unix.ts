// unix: a client of the Unix socket at SOCKET_PATH gets exactly "unix\n", then the server's FIN.
import { defineCheck } from '../../../grader/sdk.ts';
import { checkEndpoint } from './serve-line.ts';

export const unix = defineCheck({
  id: 'unix',
  title: 'a client of the Unix socket at SOCKET_PATH gets "unix", then a FIN',
  fresh: true,
  run: (h) => checkEndpoint(h, 'unix'),
});
