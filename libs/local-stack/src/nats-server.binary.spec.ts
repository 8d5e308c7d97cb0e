import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNatsServer, natsServerVersion } from './nats-server.binary';

/** A stand-in executable that reports a given version, as `nats-server --version` does. */
function fakeServer(version: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fake-nats-')), 'nats-server');
  writeFileSync(path, `#!/bin/sh\necho "nats-server: ${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('ensureNatsServer', () => {
  it('gives a server of 2.11 or newer (found in the tools folder or built there)', async () => {
    const path = await ensureNatsServer();
    const [major, minor] = (await natsServerVersion(path)) ?? [0, 0];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(211);
  }, 600_000);

  it('takes HERALD_NATS_SERVER_BIN when it is recent enough', async () => {
    const path = fakeServer('v2.12.0');
    await expect(ensureNatsServer({ env: { HERALD_NATS_SERVER_BIN: path } })).resolves.toBe(path);
  });

  it('refuses a HERALD_NATS_SERVER_BIN older than 2.11 (Debian 12 ships 2.9) or missing, clearly', async () => {
    const old = fakeServer('v2.9.10');
    await expect(ensureNatsServer({ env: { HERALD_NATS_SERVER_BIN: old } })).rejects.toThrow(
      `HERALD_NATS_SERVER_BIN=${old} is not a nats-server executable of 2.11 or newer`,
    );
    await expect(ensureNatsServer({ env: { HERALD_NATS_SERVER_BIN: '/nonexistent/nats-server' } })).rejects.toThrow(
      'is not a nats-server executable',
    );
  });
});
