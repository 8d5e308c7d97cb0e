import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The monorepo root: the nearest directory at or above `from` that holds nest-cli.json. */
export function findRepoRoot(from: string = __dirname): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where downloaded or built tools live: HERALD_TOOLS_DIR, else `<repo>/.tools`.
 * Outside a checkout (no nest-cli.json above us) a per-user cache keeps builds from landing in node_modules.
 */
export function resolveToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HERALD_TOOLS_DIR) return resolve(env.HERALD_TOOLS_DIR);
  const root = findRepoRoot();
  return root ? join(root, '.tools') : join(homedir(), '.cache', 'herald', 'tools');
}
