// Chooses reporters by name.
import { JsonReporter } from './json-reporter.ts';
import { PrettyReporter } from './pretty-reporter.ts';
import type { Reporter } from './reporter.ts';

export const REPORTERS = ['pretty', 'json'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export function createReporter(name: ReporterName, options: { verbose?: boolean } = {}): Reporter {
  return name === 'json' ? new JsonReporter() : new PrettyReporter({ verbose: options.verbose });
}
