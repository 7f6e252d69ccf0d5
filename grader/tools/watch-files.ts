// Tells when a source file of the exercise's folder was saved. The folder is watched, not one file:
// editors that save by writing a new file and renaming it over the old one (vim, many IDEs) replace
// the inode a file watch would follow, and a student may split the program into several modules.
// Editor droppings (swap and backup files, vim's 4913 probe) are not sources. Bursts of events (one
// save is often several) are debounced into one call.
import { watch, type FSWatcher } from 'node:fs';
import { extname, join } from 'node:path';

export interface FileWatch {
  close(): void;
}

export const DEBOUNCE_MS = 200;
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.py', '.json']);

export function isSourceFile(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith('~') && SOURCE_EXTENSIONS.has(extname(name));
}

export function watchFolder(folder: string, onSave: (file: string) => void, debounceMs = DEBOUNCE_MS): FileWatch {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined = watch(folder, (_event, name) => {
    // Some platforms give no name: then any change in the folder counts.
    if (name !== null && !isSourceFile(String(name))) return;
    const file = name === null ? folder : join(folder, String(name));
    clearTimeout(timer);
    timer = setTimeout(() => onSave(file), debounceMs);
  });
  // The folder removed or renamed: stop quietly; `r` still re-grades by hand.
  watcher.on('error', () => {
    watcher?.close();
    watcher = undefined;
  });
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}
