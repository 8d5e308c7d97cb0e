import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { HeraldProcess, startHerald } from './support/herald.process';
import { jwtFor, repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const CLI = path.resolve(__dirname, '../apps/cli/dist/main.js');
const run = promisify(execFile);

describe('the herald CLI goes through the same commands and checks as the API', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;

  beforeAll(async () => {
    env = await openTestEnvironment('cli');
    herald = await startHerald({ ...env.heraldEnv, HERALD_JWT_SECRET: TEST_JWT_SECRET });
  });

  afterAll(async () => {
    await herald?.stop();
    await env?.close();
  });

  async function cli(token: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
        env: { ...process.env, HERALD_URL: herald.url, HERALD_TOKEN: token },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('creates, lists, gets and deletes a notification', async () => {
    const admin = await repoAdmin('cli/app');
    const created = await cli(
      admin,
      'notifications',
      'create',
      'cli/app',
      '--event',
      'build_failure',
      '--method',
      'webhook',
      '--config',
      '{"url": "http://127.0.0.1:9/hook"}',
      '--event-config',
      '{"ref-regex": "refs/heads/main"}',
    );
    expect(created).toMatchObject({ code: 0 });
    const notification = JSON.parse(created.stdout) as { uuid: string; event_config: unknown };
    expect(notification.event_config).toEqual({ 'ref-regex': 'refs/heads/main' });

    const list = await cli(admin, 'notifications', 'list', 'cli/app');
    expect((JSON.parse(list.stdout) as { notifications: { uuid: string }[] }).notifications.map((n) => n.uuid)).toEqual(
      [notification.uuid],
    );
    expect((await cli(admin, 'notifications', 'delete', 'cli/app', notification.uuid)).code).toBe(0);
    const gone = await cli(admin, 'notifications', 'get', 'cli/app', notification.uuid);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/error 404/);
  });

  it('reports validation and permission errors with exit code 1, usage errors with 2', async () => {
    const admin = await repoAdmin('cli/app');
    const invalid = await cli(
      admin,
      'notifications',
      'create',
      'cli/app',
      '--event',
      'nope',
      '--method',
      'webhook',
      '--config',
      '{}',
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/error 400: event "nope" is unknown/);

    const pusher = await jwtFor('pusher', [{ type: 'repository', name: 'cli/app', actions: ['push'] }]);
    const denied = await cli(pusher, 'notifications', 'list', 'cli/app');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/error 403: pusher is not an admin of cli\/app/);

    expect((await cli(admin, 'notifications', 'create', 'cli/app', '--event', 'repo_push')).code).toBe(2);
    expect(
      (await cli(admin, 'notifications', 'create', 'cli/app', '--event', 'x', '--method', 'y', '--config', '{bad'))
        .stderr,
    ).toMatch(/--config must be JSON/);
    expect((await cli(admin, 'frobnicate')).code).toBe(2);
  });

  it('rotates the encryption of stored secrets for a superuser only', async () => {
    const root = await jwtFor('root', [], { superuser: true });
    const rotated = await cli(root, 'secrets', 'rotate');
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ key_id: 'test', resealed: expect.any(Number) });
    const denied = await cli(await repoAdmin('cli/app'), 'secrets', 'rotate');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/error 403/);
  });
});
