// Advice in the program's own language: Node's terms for a Node program, Python's for Python, both
// where the grader cannot tell (a --cmd in another language).
import type { Language } from '../process/program-spec.ts';

export function advise(language: Language, by: { node: string; python: string }): string {
  if (language === 'node') return by.node;
  if (language === 'python') return by.python;
  return `${by.node} (Python: ${by.python})`;
}
