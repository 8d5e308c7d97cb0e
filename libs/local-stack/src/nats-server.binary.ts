import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, isExecutableFile } from './binary-lookup.util';
import { withFileLock } from './file-lock.util';
import { tailLines } from './log-file.util';
import { runCommand } from './run-command.util';
import { resolveToolsDir } from './tools-dir.util';

/**
 * The nats-server release Herald builds when it runs its own: delivery lanes need consumer priority groups with pinned
 * clients (2.11 and newer), which Debian's 2.9 lacks.
 */
export const NATS_SERVER_VERSION = 'v2.15.2';
const NATS_SERVER_MODULE = 'github.com/nats-io/nats-server/v2';
/** The oldest release with what Herald needs, for servers found on the machine. */
const MINIMUM = [2, 11];

export interface EnsureNatsServerOptions {
  /** Where `bin/nats-server` is looked for and built; default HERALD_TOOLS_DIR or `<repo>/.tools`. */
  toolsDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Path of a nats-server of 2.11 or newer: HERALD_NATS_SERVER_BIN, else `<toolsDir>/bin/nats-server`, else one on
 * PATH (or /usr/sbin) that is new enough; else NATS_SERVER_VERSION is built with `go install` into `<toolsDir>/bin`.
 */
export async function ensureNatsServer(opts: EnsureNatsServerOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const override = env.HERALD_NATS_SERVER_BIN;
  if (override) {
    if (await isRecentNatsServer(override)) return override;
    throw new Error(`HERALD_NATS_SERVER_BIN=${override} is not a nats-server executable of 2.11 or newer`);
  }
  const toolsDir = opts.toolsDir ?? resolveToolsDir(env);
  const local = join(toolsDir, 'bin', 'nats-server');
  if (await isRecentNatsServer(local)) return local;
  const onPath = findExecutable('nats-server', ['/usr/sbin', '/usr/bin'], env);
  if (onPath && (await isRecentNatsServer(onPath))) return onPath;
  return withFileLock(
    join(toolsDir, 'nats-server-build.lock'),
    async () => {
      if (await isRecentNatsServer(local)) return local;
      await buildNatsServer(toolsDir, env);
      if (await isRecentNatsServer(local)) return local;
      throw new Error(`the nats-server built into ${local} does not run or is older than 2.11`);
    },
    {
      onWait: (pid) =>
        process.stderr.write(`[herald] waiting for pid ${pid ?? '?'} to finish building nats-server in ${toolsDir}\n`),
    },
  );
}

async function buildNatsServer(toolsDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const go = findExecutable('go', ['/usr/local/go/bin'], env);
  if (!go) {
    throw new Error(
      `nats-server 2.11 or newer was not found and Go is not installed to build it. Install Go (https://go.dev/dl), ` +
        `or a nats-server release from https://github.com/nats-io/nats-server/releases and set HERALD_NATS_SERVER_BIN ` +
        'to it, or set HERALD_NATS_URL to use a running server.',
    );
  }
  const bin = join(toolsDir, 'bin');
  mkdirSync(bin, { recursive: true });
  // Built into a directory of its own and moved into place when complete: nobody ever runs a half-written binary.
  const staging = join(toolsDir, `nats-server-build-${process.pid}`);
  process.stderr.write(`[herald] building nats-server ${NATS_SERVER_VERSION} into ${bin} with Go\n`);
  try {
    const result = await runCommand(go, ['install', `${NATS_SERVER_MODULE}@${NATS_SERVER_VERSION}`], {
      env: { ...env, GOBIN: staging, GOFLAGS: '-buildvcs=false', GO111MODULE: 'on' },
      cwd: tmpdir(),
    });
    if (result.code !== 0) {
      throw new Error(
        `go install ${NATS_SERVER_MODULE}@${NATS_SERVER_VERSION} failed (exit code ${result.code}):\n` +
          tailLines(result.stdout + result.stderr),
      );
    }
    renameSync(join(staging, 'nats-server'), join(bin, 'nats-server'));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `nats-server: v2.15.2` → [2, 15, 2], if the binary runs at all. */
export async function natsServerVersion(binary: string): Promise<number[] | undefined> {
  if (!isExecutableFile(binary)) return undefined;
  const result = await runCommand(binary, ['--version'], { timeoutMs: 15_000 });
  const match = result.code === 0 ? /v(\d+)\.(\d+)\.(\d+)/.exec(result.stdout) : null;
  return match ? match.slice(1).map(Number) : undefined;
}

async function isRecentNatsServer(binary: string): Promise<boolean> {
  const v = await natsServerVersion(binary);
  return !!v && (v[0] > MINIMUM[0] || (v[0] === MINIMUM[0] && v[1] >= MINIMUM[1]));
}
