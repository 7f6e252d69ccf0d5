// connects: started with HOST and PORT naming the grader's server, the client connects there within 5 s.
import { advise, defineCheck, describeCrash, fail, pass, type Harness, type Program } from '../../../grader/sdk.ts';
import { describeProgram } from './client-words.ts';
import { CONNECT_WITHIN_MS, converse } from './conversation.ts';
import { drainOutput } from './stdout-line.ts';

export const connects = defineCheck({
  id: 'connects',
  title: `connects to HOST:PORT within ${CONNECT_WITHIN_MS / 1000} s`,
  // Every check runs a client of its own: one program cannot be shared.
  fresh: true,
  async run(h) {
    const c = await converse(h);
    const where = `${h.host}:${c.serverPort}`;
    if (c.connection) return pass(`connected from ${h.host}:${c.clientPort}`);
    if (c.program.exitInfo()) await drainOutput();
    return fail({
      did: `listened on ${where} and started your program with HOST=${h.host} PORT=${c.serverPort}`,
      expected: `a connection from your program within ${CONNECT_WITHIN_MS / 1000} s`,
      saw: `no connection came; ${describeProgram(h, c.program)}${mentions(c.program, c.serverPort)}`,
      cause: causeFor(h, c.program),
    });
  },
});

/** Whether the program's output names the server's port at all: a program that ignores PORT never prints it. */
function mentions(program: Program, port: number): string {
  const text = program.output.text();
  if (!text.trim()) return '';
  return new RegExp(`(?<!\\d)${port}(?!\\d)`).test(text) ? '' : `, and nothing it printed mentions port ${port}`;
}

function causeFor(h: Harness, program: Program): string {
  const exit = program.exitInfo();
  const read = advise(h.language, {
    node: 'read them from process.env.HOST and process.env.PORT (Number(process.env.PORT)) and pass them to net.connect({ host, port })',
    python: 'read them from os.environ["HOST"] and int(os.environ["PORT"]) and pass (HOST, PORT) to connect()',
  });
  if (exit?.signal) return `${describeCrash(exit, program.output.text())}: see its last lines below`;
  if (exit) return `your program ended without connecting to the server the grader named (its last lines below say why): connect to the address in HOST and PORT, not one written in the code; ${read}`;
  return `your program is running but never connected to ${h.host}: connect to the address in HOST and PORT, not one written in the code, and connect first, before anything else; ${read}`;
}
