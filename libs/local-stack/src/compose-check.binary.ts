import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, isExecutableFile } from './binary-lookup.util';
import { withFileLock } from './file-lock.util';
import { tailLines } from './log-file.util';
import { runCommand } from './run-command.util';
import { findRepoRoot, resolveToolsDir } from './tools-dir.util';

/** Our Go program over compose-spec/compose-go (tools/compose-check): the Compose loader Docker Compose itself uses. */
const SOURCES = ['go.mod', 'go.sum', 'main.go'];

export interface EnsureComposeCheckOptions {
  /** Where the binary is built; default HERALD_TOOLS_DIR or `<repo>/.tools`. */
  toolsDir?: string;
  /** The folder holding the Go module; default `<repo>/tools/compose-check`. */
  sourceDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Path of the compose-check binary, built with `go build` into `<toolsDir>/bin` on first use. Its name carries a hash
 * of its sources, so a changed checker is rebuilt and an unchanged one costs nothing on later runs.
 */
export async function ensureComposeCheck(opts: EnsureComposeCheckOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const sourceDir = opts.sourceDir ?? join(findRepoRoot() ?? process.cwd(), 'tools', 'compose-check');
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(join(sourceDir, f)));
  const toolsDir = opts.toolsDir ?? resolveToolsDir(env);
  const bin = join(toolsDir, 'bin');
  const target = join(bin, `compose-check-${hash.digest('hex').slice(0, 12)}`);
  if (isExecutableFile(target)) return target;
  return withFileLock(join(toolsDir, 'compose-check-build.lock'), async () => {
    if (isExecutableFile(target)) return target;
    const go = findExecutable('go', ['/usr/local/go/bin'], env);
    if (!go) throw new Error('compose-check needs Go to build (https://go.dev/dl)');
    mkdirSync(bin, { recursive: true });
    // Written beside the target and renamed when complete: nobody runs a half-written binary.
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      const result = await runCommand(go, ['build', '-o', tmp, '.'], {
        env: { ...env, GOFLAGS: '-buildvcs=false', GO111MODULE: 'on' },
        cwd: sourceDir,
      });
      if (result.code !== 0 || !existsSync(tmp)) {
        throw new Error(
          `go build in ${sourceDir} failed (exit code ${result.code}):\n${tailLines(result.stdout + result.stderr)}`,
        );
      }
      renameSync(tmp, target);
      return target;
    } finally {
      rmSync(tmp, { force: true });
    }
  });
}
