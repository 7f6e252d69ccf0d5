// Adds a lesson to the course manifest (lessons/index.ts): its import and its place in the
// `course` array, both in lesson-number order. The manifest is edited as text, in the shape it has
// (`import name from './NN-slug/lesson.ts'` lines and `export const course: Lesson[] = [...]`);
// a manifest in another shape is refused with what to add by hand.
export class RegisterError extends Error {}

const IMPORT = /^import (\w+) from '\.\/(\d+)-[^']+\/lesson\.ts';$/gm;
const COURSE = /export const course: Lesson\[\] = \[([^\]]*)\];/;

/** A variable name for the lesson: the slug in camelCase, kept clear of names already taken. */
export function lessonVariable(slug: string, taken: readonly string[]): string {
  const camel = slug.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
  const base = /^[a-z_]/.test(camel) ? camel : `lesson${camel[0]!.toUpperCase()}${camel.slice(1)}`;
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}${i}`;
  return name;
}

export function registerLesson(source: string, lesson: { number: number; folder: string; slug: string }): string {
  const imports = [...source.matchAll(IMPORT)].map((m) => ({ line: m[0], name: m[1]!, number: Number(m[2]), end: m.index! + m[0].length, start: m.index! }));
  const course = COURSE.exec(source);
  const importLine = (name: string) => `import ${name} from './${lesson.folder}/lesson.ts';`;
  if (!course) throw new RegisterError(`lessons/index.ts has no "export const course: Lesson[] = [...]": add ${importLine('name')} and the name to the course list by hand`);
  if (imports.some((i) => i.line.includes(`'./${lesson.folder}/`))) throw new RegisterError(`lessons/index.ts already imports ./${lesson.folder}/lesson.ts`);
  const name = lessonVariable(lesson.slug, [...imports.map((i) => i.name), 'course', 'Lesson']);
  const names = course[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  const numberOf = new Map(imports.map((i) => [i.name, i.number]));
  const at = names.findIndex((n) => (numberOf.get(n) ?? -Infinity) > lesson.number);
  names.splice(at < 0 ? names.length : at, 0, name);
  const oneLine = `export const course: Lesson[] = [${names.join(', ')}];`;
  const list = oneLine.length <= 120 ? oneLine : `export const course: Lesson[] = [\n${names.map((n) => `  ${n},`).join('\n')}\n];`;
  let text = source.replace(COURSE, list);
  // The import goes after the last lesson with a smaller number, or before the first lesson import.
  const before = imports.filter((i) => i.number < lesson.number).at(-1);
  if (before) {
    const end = text.indexOf(before.line) + before.line.length;
    return `${text.slice(0, end)}\n${importLine(name)}${text.slice(end)}`;
  }
  const first = imports[0];
  if (first) {
    const start = text.indexOf(first.line);
    return `${text.slice(0, start)}${importLine(name)}\n${text.slice(start)}`;
  }
  // No lesson yet: after the file's leading comment lines.
  const lines = text.split('\n');
  const head = lines.findIndex((l) => !l.startsWith('//'));
  lines.splice(head < 0 ? lines.length : head, 0, importLine(name));
  text = lines.join('\n');
  return text;
}
