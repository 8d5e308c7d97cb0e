import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, isExecutableFile } from './binary-lookup.util';
import { withFileLock } from './file-lock.util';
import { tailLines } from './log-file.util';
import { runCommand } from './run-command.util';
import { findRepoRoot, resolveToolsDir } from './tools-dir.util';

/** Docker Compose's release the tools module (tools/docker-compose/go.mod) pins; it validates the compose files. */
export const DOCKER_COMPOSE_VERSION = 'v5.6.0';
const COMPOSE_MODULE = 'github.com/docker/compose/v5';
/** The module pins every dependency; a change to it means a new binary. */
const SOURCES = ['go.mod', 'go.sum'];

export interface EnsureDockerComposeOptions {
  /** Where the binary is built; default HERALD_TOOLS_DIR or `<repo>/.tools`. */
  toolsDir?: string;
  /** The Go module that names Docker Compose as a tool; default `<repo>/tools/docker-compose`. */
  sourceDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Path of a `docker-compose` built from Docker's own module with `go build` into `<toolsDir>/bin` on first use (no
 * Docker engine is needed for `config`). `go install …@version` refuses the module (its go.mod has exclude
 * directives), so a small module of ours names it as a tool. The binary's name carries a hash of that module, so a
 * changed pin is rebuilt and an unchanged one costs nothing on later runs.
 */
export async function ensureDockerCompose(opts: EnsureDockerComposeOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const sourceDir = opts.sourceDir ?? join(findRepoRoot() ?? process.cwd(), 'tools', 'docker-compose');
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(join(sourceDir, f)));
  const toolsDir = opts.toolsDir ?? resolveToolsDir(env);
  const bin = join(toolsDir, 'bin');
  const target = join(bin, `docker-compose-${DOCKER_COMPOSE_VERSION}-${hash.digest('hex').slice(0, 12)}`);
  if (isExecutableFile(target)) return target;
  return withFileLock(join(toolsDir, 'docker-compose-build.lock'), async () => {
    if (isExecutableFile(target)) return target;
    const go = findExecutable('go', ['/usr/local/go/bin'], env);
    if (!go) throw new Error('validating the compose files needs Go to build Docker Compose (https://go.dev/dl)');
    mkdirSync(bin, { recursive: true });
    process.stderr.write(`[herald] building Docker Compose ${DOCKER_COMPOSE_VERSION} into ${bin} with Go\n`);
    // Written beside the target and renamed when complete: nobody runs a half-written binary.
    const tmp = `${target}.${process.pid}.tmp`;
    const version = `-X ${COMPOSE_MODULE}/internal.Version=${DOCKER_COMPOSE_VERSION}`;
    try {
      const result = await runCommand(go, ['build', '-o', tmp, '-ldflags', version, `${COMPOSE_MODULE}/cmd`], {
        env: { ...env, GOFLAGS: '-buildvcs=false', GO111MODULE: 'on' },
        cwd: sourceDir,
      });
      if (result.code !== 0 || !existsSync(tmp)) {
        throw new Error(
          `go build ${COMPOSE_MODULE}/cmd in ${sourceDir} failed (exit code ${result.code}):\n` +
            tailLines(result.stdout + result.stderr),
        );
      }
      renameSync(tmp, target);
      return target;
    } finally {
      rmSync(tmp, { force: true });
    }
  });
}
