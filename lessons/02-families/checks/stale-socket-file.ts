// stale-socket-file: a socket file left by a process that bound SOCKET_PATH and was killed is there
// before the program starts; within 5 s the program must listen on that path and keep running.
import { rmSync } from 'node:fs';
import { advise, defineCheck, describeCrash, fail, pass, skip, type Harness, type Program, type Verdict } from '../../../grader/sdk.ts';
import { describeView } from './listeners.ts';
import { describeStart, notServingVerdict } from './not-serving.ts';
import { leaveStaleSocket } from './stale-socket.ts';
import { isServing, READY_WITHIN_MS, startServing, type NotServing } from './start-endpoint.ts';

const IN_USE = /EADDRINUSE|address already in use/i;
const LEFT = 'left a stale socket file at SOCKET_PATH (a process bound it, listened, and was killed with SIGKILL: the file stayed, nothing listens behind it)';

/** Why a stale file stopped the program, by what it printed. */
export function staleCause(output: string, language: Parameters<typeof advise>[0]): string {
  const removeIt = advise(language, {
    node: 'before listen(socketPath): if fs.lstatSync(socketPath).isSocket() and a connection to it is refused (ECONNREFUSED), fs.unlinkSync(socketPath)',
    python: 'before bind(): if stat.S_ISSOCK(os.lstat(SOCKET_PATH).st_mode) and connect() to it raises ConnectionRefusedError, os.unlink(SOCKET_PATH)',
  });
  if (/ECONNREFUSED|ConnectionRefusedError/.test(output)) {
    return `a refused connection is how you know the file is stale, not an error to die of: ${advise(language, {
      node: 'give the probe socket an \'error\' listener and unlink the file when err.code is \'ECONNREFUSED\'',
      python: 'catch ConnectionRefusedError around the probe\'s connect() and unlink the file there',
    })}`;
  }
  if (IN_USE.test(output)) {
    return `${advise(language, { node: 'listen(path)', python: 'bind(path)' })} fails with EADDRINUSE when anything exists at the path, and a socket file outlives the process that bound it: ${removeIt}`;
  }
  return `the stale file was the only difference from a start that worked: ${removeIt}`;
}

export const staleSocketFile = defineCheck({
  id: 'stale-socket-file',
  title: 'removes a stale socket file at SOCKET_PATH and listens there',
  fresh: true,
  async run(h) {
    const started = await startServing(h, 'unix', { beforeLaunch: async ({ socketPath }) => void (await leaveStaleSocket(socketPath)) });
    if (!isServing(started)) return judgeNotServing(h, started);
    const program = started;
    const client = await h.tryConnect('client', { path: h.socketPath });
    const exit = 'localPort' in client ? program.exitInfo() : await program.waitForExit(1000);
    if (exit) {
      return fail({
        did: `${LEFT}, ${describeStart(program.env)} and connected a client once it listened there`,
        expected: 'your program to keep running and serving',
        saw: describeCrash(exit, program.output.text(), undefined, program.startedAt),
        cause: 'your program ended: the error and the line it happened on are in its last lines below',
      });
    }
    if (!('localPort' in client)) return fail({ did: `${LEFT}, then connected a client once your program listened there`, expected: 'the client to connect', saw: `the connection failed (${client.code})`, cause: 'keep listening on SOCKET_PATH until SIGTERM' });
    return pass('removed the stale socket file and listened on SOCKET_PATH');
  },
});

/**
 * The copy never listened on the path. Whether the stale file is to blame is told by a second copy
 * started without one: if that one listens, it was; if not, the unix check owns the problem.
 */
async function judgeNotServing(h: Harness, first: NotServing): Promise<Verdict> {
  const { program } = first;
  const exit = program.exitInfo();
  const output = program.output.text();
  const did = `${LEFT}, then ${describeStart(program.env)}`;
  const expected = `your program to remove the stale file, listen on SOCKET_PATH within ${READY_WITHIN_MS / 1000} s, and keep running`;
  // A crash on EADDRINUSE names its cause itself; anything else needs the second copy to tell.
  const selfEvident = exit !== undefined && IN_USE.test(output);
  if (!selfEvident && !(await listensWithoutStaleFile(h, program))) {
    if (exit) return notServingVerdict(h, 'unix', first);
    return skip('your program did not listen on SOCKET_PATH even without a stale file there, so removing one cannot be judged: the unix check says what is wrong');
  }
  const tail = program.output.lastLines(4).join(' | ');
  const saw = exit
    ? `${describeCrash(exit, output, undefined, program.startedAt)}${IN_USE.test(output) ? '' : `; it printed: ${tail}`}`
    : `nothing listened on SOCKET_PATH after ${READY_WITHIN_MS / 1000} s, and your program is still running; ${describeView(first.view, program.port)}`;
  const control = selfEvident ? '' : ' (started again without the stale file, it listened there)';
  return fail({ did, expected, saw: `${saw}${control}`, cause: staleCause(output, h.language) });
}

/** Starts a second copy with SOCKET_PATH free: true when it listens there. */
async function listensWithoutStaleFile(h: Harness, first: Program): Promise<boolean> {
  await first.stop();
  rmSync(h.socketPath, { force: true });
  const second = await startServing(h, 'unix');
  return isServing(second);
}
