// The npm trap: `npm run grade lesson5 --solution` (no `--`) makes npm take --solution as its own
// setting and pass it on only as npm_config_solution=true in the environment. Flags npm took are
// read back from there, only when npm is running our `grade` script (so a user's npm settings never
// change a run). A flag whose value npm separated from it (`--seed 42`: 42 arrives as a lesson
// name) cannot be recovered: the grader stops and says exactly what to type.
const BOOLEAN_FLAGS = ['solution', 'list'];
const VALUE_FLAGS = ['reporter', 'seed', 'jobs', 'program'];

/** What a value looks like, to find it among the arguments npm passed on, and a placeholder. */
const VALUE_SHAPES: Record<string, [RegExp, string]> = {
  reporter: [/^(pretty|json|junit|github|gradescope|classroom50)(=.+)?$/, 'NAME'],
  seed: [/^\d+$/, 'N'],
  jobs: [/^\d+$/, 'N'],
  program: [/\.(ts|mts|js|mjs|cjs|py)$/, 'FILE'],
  cmd: [/\s/, 'COMMAND'],
};

export class NpmSwallowedError extends Error {}

export interface Recovery {
  argv: string[];
  /** Flags read back from npm's environment, as the user typed them. */
  recovered: string[];
}

export function recoverNpmFlags(argv: readonly string[], env: NodeJS.ProcessEnv, namesLesson: (id: string) => boolean): Recovery {
  if (env.npm_lifecycle_event !== 'grade') return { argv: [...argv], recovered: [] };
  const given = (flag: string) => argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  const recovered: string[] = [];
  const lost: string[] = [];
  for (const flag of BOOLEAN_FLAGS) if (env[`npm_config_${flag}`] === 'true' && !given(flag)) recovered.push(`--${flag}`);
  // npm reads --verbose as its own --loglevel verbose.
  if (env.npm_config_loglevel === 'verbose' && !given('verbose')) recovered.push('--verbose');
  for (const flag of VALUE_FLAGS) {
    const value = env[`npm_config_${flag}`];
    if (value === undefined || given(flag)) continue;
    if (value === 'true') lost.push(flag);
    else recovered.push(`--${flag}`, value);
  }
  // npm reads --cmd as three of its one-letter flags (-c -m -d; -m leaves npm_config_message empty):
  // the command alone arrives, as a "lesson".
  const positionals = argv.filter((a) => !a.startsWith('-'));
  const cmdTaken = env.npm_config_message === '' && !given('cmd');
  if (cmdTaken && positionals.some((p) => /\s/.test(p) && !namesLesson(p))) lost.push('cmd');
  if (lost.length > 0) throw new NpmSwallowedError(explainLost(argv, recovered, lost, namesLesson));
  return { argv: [...argv, ...recovered], recovered };
}

/** One line: what npm did and the command that grades what was asked. */
function explainLost(argv: readonly string[], recovered: string[], lost: string[], namesLesson: (id: string) => boolean): string {
  const rest = [...argv];
  const options: string[] = [];
  for (const flag of lost) {
    const [shape, placeholder] = VALUE_SHAPES[flag]!;
    const candidates = rest.filter((a) => !a.startsWith('-') && shape.test(a));
    const value = candidates.find((a) => !namesLesson(a)) ?? candidates.at(-1);
    if (value !== undefined) rest.splice(rest.indexOf(value), 1);
    options.push(`--${flag}`, value ?? placeholder);
  }
  const command = ['npm', 'run', 'grade', '--', ...rest, ...recovered, ...options].map(quoteForShell).join(' ');
  const flags = lost.map((f) => `--${f}`).join(' and ');
  return `npm kept ${flags} for itself and passed the value on as a lesson name (options need -- before them), so nothing was graded; type: ${command}`;
}

export function quoteForShell(word: string): string {
  return /^[\w./=:@%+,-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}
