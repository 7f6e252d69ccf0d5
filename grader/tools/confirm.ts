// A y/N question on the terminal; anything but y or yes (including no answer at all) is no.
import { createInterface } from 'node:readline';

export function confirm(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<boolean> {
  const rl = createInterface({ input, output });
  return new Promise((resolve) => {
    let answered = false;
    rl.question(`${question} [y/N] `, (answer) => {
      answered = true;
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    rl.on('close', () => {
      if (!answered) resolve(false);
    });
  });
}
