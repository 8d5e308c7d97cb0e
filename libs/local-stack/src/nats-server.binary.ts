import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, isExecutableFile } from './binary-lookup.util';
import { withFileLock } from './file-lock.util';
import { tailLines } from './log-file.util';
import { runCommand } from './run-command.util';

export interface EnsureNatsServerOptions {
  env?: NodeJS.ProcessEnv;
}

// Debian/Ubuntu install it to /usr/sbin, which is often missing from a non-root PATH.
const EXTRA_DIRS = ['/usr/sbin', '/usr/bin'];

const INSTALL_HINT =
  'nats-server was not found. Install it (Debian/Ubuntu: `sudo apt-get install nats-server`, macOS: ' +
  '`brew install nats-server`, or a release from https://github.com/nats-io/nats-server/releases), ' +
  'set HERALD_NATS_SERVER_BIN to its path, or set HERALD_NATS_URL to use a running server.';

/**
 * Path of a nats-server binary: HERALD_NATS_SERVER_BIN, else PATH (plus /usr/sbin, /usr/bin), else installed
 * with apt-get when we are root and apt-get exists; otherwise throws with installation hints.
 */
export async function ensureNatsServer(opts: EnsureNatsServerOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const override = env.HERALD_NATS_SERVER_BIN;
  if (override) {
    if (isExecutableFile(override)) return override;
    throw new Error(`HERALD_NATS_SERVER_BIN=${override} is not an executable file`);
  }
  const found = findExecutable('nats-server', EXTRA_DIRS, env);
  if (found) return found;

  const aptGet = process.getuid?.() === 0 ? findExecutable('apt-get', EXTRA_DIRS, env) : undefined;
  if (!aptGet) throw new Error(INSTALL_HINT);
  // apt holds its own lock and would fail a concurrent install rather than wait, so we queue up first.
  return withFileLock(join(tmpdir(), 'herald-nats-server-install.lock'), async () => {
    const installed = findExecutable('nats-server', EXTRA_DIRS, env);
    if (installed) return installed;
    process.stderr.write('[herald] nats-server not found; installing it with apt-get\n');
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => runCommand(aptGet, ['install', '-y', 'nats-server'], { env: aptEnv });
    let result = await install();
    if (result.code !== 0) {
      // Usually stale or missing package lists (fresh containers ship without them).
      await runCommand(aptGet, ['update'], { env: aptEnv });
      result = await install();
    }
    const path = findExecutable('nats-server', EXTRA_DIRS, env);
    if (result.code === 0 && path) return path;
    const output = tailLines(result.stdout + result.stderr);
    throw new Error(
      `${INSTALL_HINT}\n\`apt-get install -y nats-server\` failed (exit code ${result.code}):\n${output}`,
    );
  });
}
