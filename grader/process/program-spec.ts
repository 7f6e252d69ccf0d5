// Which program to grade and the exact command that starts it: a file (by its extension) or any shell command.
import { existsSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { projectRoot } from '../paths.ts';
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
  return spec.kind === 'cmd' ? spec.command : relative(projectRoot, resolve(projectRoot, spec.path));
}

/** Resolves a program to the command that starts it; TypeScript is compiled first (cached). */
export async function resolveLaunch(spec: ProgramSpec, endpoint: Endpoint): Promise<LaunchCommand> {
  const display = describeProgram(spec);
  if (spec.kind === 'cmd') return { file: substituteCommand(spec.command, endpoint), args: [], shell: true, display };
  const path = resolve(projectRoot, spec.path);
  if (!existsSync(path)) throw new Error(`no such file: ${display}`);
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
