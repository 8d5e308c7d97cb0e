import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A file in the local data folder, made once with `make()` and read on every later start. `wx`: two instances starting
 * at once keep the first one's content. Owner-only, as it holds a secret.
 */
export function readOrCreateDataFile(dir: string, name: string, make: () => string): string {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return fs.readFileSync(file, 'utf8');
}
