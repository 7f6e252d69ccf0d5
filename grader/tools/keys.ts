// Single keys from the terminal, without Enter (raw mode). Raw mode also turns Ctrl-C into a
// byte instead of SIGINT, so it is passed on as 'q'; so is Ctrl-D. Without a terminal (input from
// a pipe), each character of each line counts as a key.
export interface KeyReader {
  stop(): void;
}

const QUIT_BYTES = new Set(['\u0003', '\u0004']);

export function readKeys(input: NodeJS.ReadStream, onKey: (key: string) => void): KeyReader {
  const raw = Boolean(input.isTTY);
  if (raw) input.setRawMode(true);
  input.setEncoding('utf8');
  const onData = (text: string) => {
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') continue;
      onKey(QUIT_BYTES.has(ch) ? 'q' : ch.toLowerCase());
    }
  };
  input.on('data', onData);
  input.resume();
  return {
    stop() {
      input.off('data', onData);
      if (raw) input.setRawMode(false);
      input.pause();
    },
  };
}
