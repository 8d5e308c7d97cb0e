import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Reads a file from byte offset `from` (at most the last maxBytes of it); '' when it does not exist. */
export function readFileFrom(path: string, from = 0, maxBytes = Number.MAX_SAFE_INTEGER): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(from, size - maxBytes);
    if (size <= start) return '';
    const buffer = Buffer.alloc(size - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The last `lines` non-empty lines of a text. */
export function tailLines(text: string, lines = 20): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}
