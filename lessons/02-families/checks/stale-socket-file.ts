// stale-socket-file: a socket file left by a process that bound SOCKET_PATH and was killed is there
// before the program starts; within 5 s the program must listen on that path and keep running.
import { rmSync } from 'node:fs';
import { advise, defineCheck, describeCrash, exitIfEnding, fail, pass, skip, type Harness, type Program, type Verdict, settleOutput } from '../../../grader/sdk.ts';
import { describeView } from './listeners.ts';
import { crashedAfterStart, describeStart, IN_USE, notServingVerdict } from './not-serving.ts';
import { waitUntilIdle } from './settle.ts';
import { leaveStaleSocket } from './stale-socket.ts';
import { isServing, READY_WITHIN_MS, startServing, type NotServing } from './start-endpoint.ts';

const REFUSED = /ECONNREFUSED|ConnectionRefusedError/;
const LEFT = 'left a stale socket file at SOCKET_PATH (a process bound it, listened, and was killed with SIGKILL: the file stayed, nothing listens behind it)';

/** Why a stale file stopped the program, by what it printed. */
export function staleCause(output: string, language: Parameters<typeof advise>[0]): string {
  const removeIt = advise(language, {
    node: 'before listen(socketPath): if fs.lstatSync(socketPath).isSocket() and a connection to it is refused (ECONNREFUSED), fs.unlinkSync(socketPath)',
    python: 'before bind(): if stat.S_ISSOCK(os.lstat(SOCKET_PATH).st_mode) and connect() to it raises ConnectionRefusedError, os.unlink(SOCKET_PATH)',
  });
  if (REFUSED.test(output)) {
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
  hints: [
    'What happens when your server binds its Unix socket and a file is already at the path, one that nobody listens on any more?',
    'bind() fails with EADDRINUSE if anything is at the path, and a socket file outlives the process that bound it. Remove it first, but only if it is a socket and a connect() to it is refused (lesson: "Unlink before bind").',
    'Node: if fs.lstatSync(path).isSocket() (it throws when nothing is there) and a probe net.connect(path) fails with ECONNREFUSED, fs.unlinkSync(path), then listen. Python: if stat.S_ISSOCK(os.lstat(path).st_mode), try connect(); on ConnectionRefusedError, os.unlink(path).',
  ],
  fresh: true,
  async run(h) {
    const started = await startServing(h, 'unix', { beforeLaunch: async ({ socketPath }) => void (await leaveStaleSocket(socketPath)) });
    if (!isServing(started)) return judgeNotServing(h, started);
    const program = started;
    const client = await h.tryConnect('client', { path: h.socketPath });
    // Still running means still running once it has finished setting up, not just at the connect.
    if ('localPort' in client) await waitUntilIdle(h, program);
    if (program.exitInfo() || (!('localPort' in client) && (await exitIfEnding(program)))) {
      await settleOutput(program);
      return crashedAfterStart(program, h.language);
    }
    if (!('localPort' in client)) return fail({ did: `${LEFT}, then connected a client once your program listened there`, expected: 'the client to connect', saw: `the connection failed (${client.code})`, cause: 'keep listening on SOCKET_PATH until SIGTERM' });
    return pass('removed the stale socket file and listened on SOCKET_PATH');
  },
});

/**
 * The copy never listened on the path. Its output may say why (Node names the path in its
 * EADDRINUSE; a refused probe means it looked and then died); otherwise a second copy started
 * without the stale file tells: if that one listens and keeps running, the stale file was to
 * blame; if not, the unix check (or the startup failure every check shares) owns the problem.
 */
async function judgeNotServing(h: Harness, first: NotServing): Promise<Verdict> {
  const { program } = first;
  const exit = program.exitInfo();
  const output = program.output.text();
  const selfEvident = exit !== undefined && ((IN_USE.test(output) && output.includes(h.socketPath)) || REFUSED.test(output));
  if (!selfEvident && !(await listensWithoutStaleFile(h, program))) {
    if (exit) return notServingVerdict(h, 'unix', first);
    return skip('your program did not listen on SOCKET_PATH even without a stale file there, so removing one cannot be judged: the unix check says what is wrong');
  }
  const control = selfEvident ? '' : '; started again without the stale file, it listened there and kept running (the last lines below are from that second start)';
  return fail({
    did: `${LEFT}, then ${describeStart(program.env)}`,
    expected: `your program to remove the stale file, listen on SOCKET_PATH within ${READY_WITHIN_MS / 1000} s, and keep running`,
    saw: `${exit ? describeCrash(exit, output, undefined, program.startedAt) : `nothing listened on SOCKET_PATH after ${READY_WITHIN_MS / 1000} s, and your program is still running; ${describeView(first.view, program.port)}`}${control}`,
    cause: staleCause(output, h.language),
  });
}

/** Starts a second copy with SOCKET_PATH free: true when it listens there and is still running once settled. */
async function listensWithoutStaleFile(h: Harness, first: Program): Promise<boolean> {
  await first.stop();
  rmSync(h.socketPath, { force: true });
  const second = await startServing(h, 'unix');
  if (!isServing(second)) return false;
  await waitUntilIdle(h, second);
  return !second.exitInfo();
}
