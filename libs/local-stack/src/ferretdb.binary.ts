import { join } from 'node:path';
import { findExecutable, isExecutableFile } from './binary-lookup.util';
import { buildFerretDb } from './ferretdb-build.util';
import { withFileLock } from './file-lock.util';
import { runCommand } from './run-command.util';
import { resolveToolsDir } from './tools-dir.util';

/** The FerretDB release Herald is tested with (1.x: the SQLite backend needs no PostgreSQL). */
export const FERRETDB_VERSION = 'v1.24.2';

export interface EnsureFerretDbOptions {
  /** Where `bin/ferretdb` is looked for and built; default HERALD_TOOLS_DIR or `<repo>/.tools`. */
  toolsDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Path of a FerretDB v1.24.2 binary: HERALD_FERRETDB_BIN, else `<toolsDir>/bin/ferretdb`, else `ferretdb` on
 * PATH, each accepted only if `--version` reports v1.24.2; else it is built with Go into `<toolsDir>/bin`.
 */
export async function ensureFerretDb(opts: EnsureFerretDbOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const override = env.HERALD_FERRETDB_BIN;
  if (override) {
    if (await isExpectedFerretDb(override)) return override;
    // An explicit choice that is wrong should be loud, not silently replaced by a multi-minute build.
    throw new Error(`HERALD_FERRETDB_BIN=${override} is not a FerretDB ${FERRETDB_VERSION} executable`);
  }
  const toolsDir = opts.toolsDir ?? resolveToolsDir(env);
  const local = join(toolsDir, 'bin', 'ferretdb');
  if (await isExpectedFerretDb(local)) return local;
  const onPath = findExecutable('ferretdb', [], env);
  if (onPath && (await isExpectedFerretDb(onPath))) return onPath;

  return withFileLock(
    join(toolsDir, 'ferretdb-build.lock'),
    async () => {
      // Someone else may have built it while we were waiting for the lock.
      if (await isExpectedFerretDb(local)) return local;
      const built = await buildFerretDb(toolsDir, FERRETDB_VERSION, env);
      if (await isExpectedFerretDb(built)) return built;
      throw new Error(`the FerretDB built into ${built} does not report ${FERRETDB_VERSION} with --version`);
    },
    {
      onWait: (pid) =>
        process.stderr.write(`[herald] waiting for pid ${pid ?? '?'} to finish building FerretDB in ${toolsDir}\n`),
    },
  );
}

/** The version a ferretdb binary reports (`version: v1.24.2` on the first line), if it runs at all. */
export async function ferretDbVersion(binary: string): Promise<string | undefined> {
  if (!isExecutableFile(binary)) return undefined;
  const result = await runCommand(binary, ['--version'], { timeoutMs: 15_000 });
  // A broken build panics with a stack trace that mentions "@v1.24.2", hence the anchored match.
  const match = result.code === 0 ? /^version:\s*(\S+)\s*$/m.exec(result.stdout) : null;
  return match?.[1];
}

async function isExpectedFerretDb(binary: string): Promise<boolean> {
  return (await ferretDbVersion(binary)) === FERRETDB_VERSION;
}
