import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const CLI = path.resolve(__dirname, '../apps/cli/dist/main.js');
const run = promisify(execFile);

/** What a newcomer's shell holds: nothing of the suite's servers or keys. */
const BARE = {
  HERALD_NATS_URL: '',
  HERALD_MONGODB_URI: '',
  HERALD_JWT_SECRET: '',
  HERALD_JWKS_FILE: '',
  HERALD_JWKS_URL: '',
  HERALD_ENCRYPTION_KEYS: '',
};

describe('the first token: from a bare start to a delivered webhook, as the README quick start goes', () => {
  let dataDir: string;
  let herald: HeraldProcess;
  let sink: HttpSink;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-first-token-'));
    sink = await HttpSink.start();
    // Its own nats-server and FerretDB, as `npm start` on a laptop.
    herald = await startHerald({ ...BARE, HERALD_DATA_DIR: dataDir, HERALD_OUTBOUND_ALLOW: '127.0.0.1' }, 120_000);
  }, 180_000);

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = async (token: string, ...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...BARE, HERALD_DATA_DIR: dataDir, HERALD_URL: herald.url, HERALD_TOKEN: token },
    });

  it('makes a development secret, says once how to get a token, and `herald token mint` signs with it', async () => {
    const secretFile = path.join(dataDir, 'jwt.secret');
    expect(fs.statSync(secretFile).mode & 0o077).toBe(0);
    await herald.waitForLog(/HERALD_TOKEN=\$\(npm run -s herald -- token mint --superuser\)/);
    const hints = herald.logs().match(/HERALD_TOKEN=\$\(npm run -s herald -- token mint --superuser\)/g) ?? [];
    expect(hints).toHaveLength(1);

    const { stdout: minted } = await cli('', 'token', 'mint', '--superuser');
    const token = minted.trim();
    const created = await cli(
      token,
      'notifications',
      'create',
      'mynamespace/repository',
      '--event',
      'repo_push',
      '--method',
      'webhook',
      '--config',
      JSON.stringify({ url: `${sink.url}/hook` }),
    );
    const { uuid } = JSON.parse(created.stdout) as { uuid: string };
    await cli(token, 'notifications', 'test', 'mynamespace/repository', uuid);
    const [request] = await sink.waitFor(1);
    expect(request.path).toBe('/hook');
    expect(request.headers['x-herald-notification']).toBe(uuid);

    // A repository admin's token reaches its own repository only.
    const { stdout: scoped } = await cli('', 'token', 'mint', '--sub', 'dev', '--repository', 'mynamespace/repository');
    await expect(cli(scoped.trim(), 'notifications', 'list', 'mynamespace/repository')).resolves.toBeDefined();
    await expect(cli(scoped.trim(), 'notifications', 'list', 'other/repository')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error 403') as unknown,
    });
  });
});

describe('with external servers and no JWT key', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await openTestEnvironment('first-token-refusal');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('Herald refuses to start and names the variables to set', async () => {
    const started = startHerald({ ...env.heraldEnv, HERALD_JWT_SECRET: '' });
    await expect(started).rejects.toThrow(/no JWT key is configured.*set HERALD_JWT_SECRET/);
  });
});
