// connects: started with HOST and PORT naming the grader's server, the client connects there within 5 s.
import { advise, defineCheck, describeCrash, fail, pass, type Harness, type Program, settleOutput } from '../../../grader/sdk.ts';
import { describeProgram } from './client-words.ts';
import { CONNECT_WITHIN_MS, converse } from './conversation.ts';
import { observeConversation } from './one-conversation.ts';
import { errorLine, REFUSAL } from './judge-refusal.ts';

export const connects = defineCheck({
  id: 'connects',
  title: `connects to HOST:PORT within ${CONNECT_WITHIN_MS / 1000} s`,
  hints: [
    'The grader tells your program where its server is in the environment: HOST and PORT.',
    'Node: net.connect({ host: process.env.HOST, port: Number(process.env.PORT) }). Python: client.connect((os.environ[\'HOST\'], int(os.environ[\'PORT\']))).',
  ],
  // A client serves one conversation: copies cannot be shared (see one-conversation.ts).
  fresh: true,
  async run(h) {
    const seen = await observeConversation(h);
    if (seen?.c.connection) return pass(`connected from ${h.host}:${seen.c.clientPort}`);
    const c = await converse(h);
    const where = `${h.host}:${c.serverPort}`;
    if (c.connection) return pass(`connected from ${h.host}:${c.clientPort}`);
    if (c.program.exitInfo()) await settleOutput(c.program);
    const error = c.program.exitInfo() ? errorLine(c.program.output.text()) : undefined;
    return fail({
      did: `listened on ${where} and started your program with HOST=${h.host} PORT=${c.serverPort}`,
      expected: `a connection from your program within ${CONNECT_WITHIN_MS / 1000} s`,
      saw: `no connection came; ${describeProgram(h, c.program)}${error ? `, after printing "${error.slice(0, 160)}"` : ''}${mentions(c.program, c.serverPort)}`,
      cause: causeFor(h, c.program, error),
      // Reported once: another check that ran into the same crash says skip and points here.
      ...(error ? { crash: error } : {}),
    });
  },
});

/** Whether the program's output names the server's port at all: a program that ignores PORT never prints it. */
function mentions(program: Program, port: number): string {
  const text = program.output.text();
  if (!text.trim()) return '';
  return new RegExp(`(?<!\\d)${port}(?!\\d)`).test(text) ? '' : `, and nothing it printed mentions port ${port}`;
}

function causeFor(h: Harness, program: Program, error: string | undefined): string {
  const exit = program.exitInfo();
  const read = advise(h.language, {
    node: 'read them from process.env.HOST and process.env.PORT (Number(process.env.PORT)) and pass them to net.connect({ host, port })',
    python: 'read them from os.environ["HOST"] and int(os.environ["PORT"]) and pass (HOST, PORT) to connect()',
  });
  if (exit?.signal) return `${describeCrash(exit, program.output.text())}: see its last lines below`;
  if (error && REFUSAL.test(error)) return `your program connected somewhere nothing listens, though the grader's server was listening at HOST:PORT all along: ${read}`;
  if (error) return 'your program crashed before it connected: fix that error first (the line it happened on is in its last lines below)';
  if (exit) return `your program ended without connecting to the server the grader named (its last lines below say why): connect to the address in HOST and PORT, not one written in the code; ${read}`;
  return `your program is running but never connected to ${h.host}: connect to the address in HOST and PORT, not one written in the code, and connect first, before anything else; ${read}`;
}
