import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const PLUGINS = '@herald/plugin-webhook,./test/fixtures/plugins/echo-plugin,./test/fixtures/plugins/broken-plugin';

describe('plugins load separately, by package name or path', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await openTestEnvironment('plugin-loading');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('reports a broken plugin, starts the others, and delivers through a plugin from outside the repository', async () => {
    const herald = await startHerald({ ...env.heraldEnv, HERALD_JWT_SECRET: TEST_JWT_SECRET, HERALD_PLUGINS: PLUGINS });
    const sink = await HttpSink.start();
    try {
      const health = (await (await fetch(`${herald.url}/health`)).json()) as {
        status: string;
        actions: Record<string, { status: string }>;
        pluginLoadFailures: { spec: string; error: string }[];
      };
      expect(health.status).toBe('ok');
      expect(Object.keys(health.actions).sort()).toEqual(['echo', 'webhook']);
      expect(health.pluginLoadFailures).toEqual([
        { spec: './test/fixtures/plugins/broken-plugin', error: 'this plugin is broken on purpose' },
      ]);
      await herald.waitForLog(/plugin \.\/test\/fixtures\/plugins\/broken-plugin failed to load/);

      const token = await repoAdmin('mynamespace/repository');
      const created = await api(herald.url, 'POST', '/api/v1/repository/mynamespace/repository/notification/', {
        token,
        body: { event: 'repo_push', method: 'echo', config: { url: sink.url } },
      });
      expect(created.status).toBe(201);
      await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never);
      const [got] = await sink.waitFor(1);
      expect(JSON.parse(got.body)).toEqual({ echo: 'repo_push', repository: 'mynamespace/repository' });

      const refused = await api(herald.url, 'POST', '/api/v1/repository/mynamespace/repository/notification/', {
        token,
        body: { event: 'repo_push', method: 'echo', config: { url: 'http://127.0.0.1:9/forbidden' } },
      });
      expect(refused.status).toBe(400);
      expect((refused.body as { message: string }).message).toBe('config.url: not allowed for mynamespace/repository');

      const unknown = await api(herald.url, 'POST', '/api/v1/repository/mynamespace/repository/notification/', {
        token,
        body: { event: 'repo_push', method: 'broken', config: {} },
      });
      expect(unknown.status).toBe(400);
      expect((unknown.body as { message: string }).message).toMatch(/allowed: echo, webhook/);
    } finally {
      await sink.close();
      await herald.stop();
    }
  });

  it('refuses to start when HERALD_PLUGINS_STRICT is set and a plugin fails', async () => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../apps/herald/dist/main.js')], {
      cwd: path.resolve(__dirname, '..'),
      env: {
        ...process.env,
        ...env.heraldEnv,
        HERALD_PLUGINS: PLUGINS,
        HERALD_PLUGINS_STRICT: 'true',
        HERALD_HTTP_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/1 plugin\(s\) failed to load and HERALD_PLUGINS_STRICT is set/);
  });

  it('restarts a plugin that keeps crashing, without touching the other plugins', async () => {
    const herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_PLUGINS: '@herald/plugin-webhook,./test/fixtures/plugins/crashy-plugin',
      HERALD_RETRY_SCHEDULE: '50ms,50ms,50ms,50ms,50ms,50ms',
      HERALD_RESTART_AFTER_CRASHES: '3',
    });
    const sink = await HttpSink.start();
    try {
      const token = await repoAdmin('crash/site');
      for (const [method, config] of [
        ['crashy', {}],
        ['webhook', { url: sink.url }],
      ] as const) {
        const res = await api(herald.url, 'POST', '/api/v1/repository/crash/site/notification/', {
          token,
          body: { event: 'repo_push', method, config },
        });
        expect(res.status).toBe(201);
      }
      await env.publisher.publish('repo_push', {
        ...structuredClone(REPO_PUSH_SAMPLE),
        repository: 'crash/site',
        namespace: 'crash',
        name: 'site',
      } as never);
      await sink.waitFor(1);
      const deadline = Date.now() + 10_000;
      let actions: Record<string, { restarts: number; delivered: number }> = {};
      while (Date.now() < deadline) {
        actions = ((await (await fetch(`${herald.url}/health`)).json()) as { actions: typeof actions }).actions;
        if (actions.crashy.restarts >= 2) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // Seven attempts, three crashes per restart.
      expect(actions.crashy.restarts).toBe(2);
      expect(actions.webhook).toMatchObject({ restarts: 0, delivered: 1 });
      await herald.waitForLog(/crashy instance 2 fell over/);
      await herald.waitForLog(/plugin restarted after 3 consecutive crashes/);
    } finally {
      await sink.close();
      await herald.stop();
    }
  });
});
