// Which program to grade and the exact command that starts it: a file (by its extension) or any shell command.
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { displayPath, projectRoot } from '../paths.ts';
import { compileTypeScript } from './compile-typescript.ts';

export type ProgramSpec = { kind: 'file'; path: string } | { kind: 'cmd'; command: string };

export interface Endpoint {
  host: string;
  port: number;
  socketPath?: string;
}

export interface LaunchCommand {
  file: string;
  args: string[];
  shell: boolean;
  /** How the report names the program. */
  display: string;
}

/** Fills {host}, {port} and {socket} in a --cmd template. */
export function substituteCommand(template: string, endpoint: Endpoint): string {
  return template
    .replaceAll('{host}', endpoint.host)
    .replaceAll('{port}', String(endpoint.port))
    .replaceAll('{socket}', endpoint.socketPath ?? '');
}

export function describeProgram(spec: ProgramSpec): string {
  return spec.kind === 'cmd' ? spec.command : displayPath(spec.path);
}

/** How each kind of file is run; anything else needs --cmd. */
export const RUNNABLE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs', '.py'];

/** Why a file cannot be graded (missing, or of a kind we cannot run), or undefined when it can. */
export function unrunnableReason(path: string): string | undefined {
  if (!existsSync(path)) return `no such file: ${displayPath(path)}`;
  if (!RUNNABLE_EXTENSIONS.includes(extname(path))) return `don't know how to run ${displayPath(path)} (it runs ${RUNNABLE_EXTENSIONS.join(' ')} files): use --cmd "<command>"`;
  return undefined;
}

/** Resolves a program to the command that starts it; TypeScript is compiled first (cached). */
export async function resolveLaunch(spec: ProgramSpec, endpoint: Endpoint): Promise<LaunchCommand> {
  const display = describeProgram(spec);
  if (spec.kind === 'cmd') return { file: execSimpleCommand(substituteCommand(spec.command, endpoint)), args: [], shell: true, display };
  const path = resolve(projectRoot, spec.path);
  const unrunnable = unrunnableReason(path);
  if (unrunnable) throw new Error(unrunnable);
  switch (extname(path)) {
    case '.ts':
    case '.mts':
      return { file: process.execPath, args: ['--enable-source-maps', await compileTypeScript(path)], shell: false, display };
    case '.js':
    case '.mjs':
    case '.cjs':
      return { file: process.execPath, args: [path], shell: false, display };
    case '.py':
      return { file: 'python3', args: [path], shell: false, display };
    default:
      throw new Error(`don't know how to run ${display}: use --cmd "<command>"`);
  }
}

export type Language = 'node' | 'python' | 'unknown';

/** The language a program is written in, as far as its file or command tells: for advice in its terms. */
export function languageOf(spec: ProgramSpec): Language {
  const text = spec.kind === 'file' ? spec.path : spec.command;
  if (/\.py\b|\bpython[\d.]*\b/.test(text)) return 'python';
  if (/\.(?:[cm]?[jt]s)\b|\b(?:node|tsx|deno|bun)\b/.test(text)) return 'node';
  return 'unknown';
}

/**
 * A simple command (no pipes, lists or substitutions) is run with `exec`, so the program itself,
 * not a shell waiting for it, is the process the grader signals and whose exit it reports
 * (dash keeps itself as the parent of `sh -c "python3 server.py"`).
 */
export function execSimpleCommand(command: string): string {
  const trimmed = command.trim();
  if (/[;&|`\n()<>]|\$\(/.test(trimmed) || /^(?:exec|cd|export|set|\w+=)/.test(trimmed)) return command;
  return `exec ${trimmed}`;
}
