// ipv4: a client of 127.0.0.1:PORT gets "ipv4 127.0.0.1:<its own port>\n", then the server's FIN.
// A dual-stack listener on "::" serves it too, as long as it answers in IPv4 terms.
import { defineCheck } from '../../../grader/sdk.ts';
import { checkEndpoint } from './serve-line.ts';

export const ipv4 = defineCheck({
  id: 'ipv4',
  title: 'a client of 127.0.0.1:PORT gets "ipv4 127.0.0.1:<its port>", then a FIN',
  fresh: true,
  run: (h) => checkEndpoint(h, 'ipv4'),
});
