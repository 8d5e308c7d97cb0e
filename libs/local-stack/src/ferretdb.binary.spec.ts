import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretDb, FERRETDB_VERSION, ferretDbVersion } from './ferretdb.binary';

describe('ferretdb binary lookup', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'herald-ferretdb-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('reads the version a binary prints', async () => {
    const good = script('good', `printf 'version: ${FERRETDB_VERSION}\\ncommit: unknown\\n'`);
    expect(await ferretDbVersion(good)).toBe(FERRETDB_VERSION);
    expect(await ferretDbVersion(join(dir, 'missing'))).toBeUndefined();
  });

  it('rejects a broken build whose panic mentions the version', async () => {
    // What `go install ...@v1.24.2` produces: a panic naming the module path.
    const broken = script(
      'broken',
      `echo 'panic: ... ferret!d!b@${FERRETDB_VERSION}/build/version/version.go:158' >&2; exit 2`,
    );
    expect(await ferretDbVersion(broken)).toBeUndefined();
  });

  it('uses HERALD_FERRETDB_BIN when it is the expected version', async () => {
    const good = script('good', `echo 'version: ${FERRETDB_VERSION}'`);
    await expect(ensureFerretDb({ env: { ...process.env, HERALD_FERRETDB_BIN: good } })).resolves.toBe(good);
  });

  it('refuses a HERALD_FERRETDB_BIN of another version instead of building', async () => {
    const old = script('old', "echo 'version: v1.0.0'");
    await expect(ensureFerretDb({ env: { ...process.env, HERALD_FERRETDB_BIN: old } })).rejects.toThrow(
      /HERALD_FERRETDB_BIN=.* is not a FerretDB v1\.24\.2 executable/,
    );
  });

  it('takes <toolsDir>/bin/ferretdb when it is the expected version', async () => {
    const toolsDir = join(dir, 'tools');
    mkdirSync(join(toolsDir, 'bin'), { recursive: true });
    writeFileSync(join(toolsDir, 'bin', 'ferretdb'), `#!/bin/sh\necho 'version: ${FERRETDB_VERSION}'\n`);
    chmodSync(join(toolsDir, 'bin', 'ferretdb'), 0o755);
    const env = { ...process.env, HERALD_FERRETDB_BIN: '' };
    await expect(ensureFerretDb({ toolsDir, env })).resolves.toBe(join(toolsDir, 'bin', 'ferretdb'));
  });
});
