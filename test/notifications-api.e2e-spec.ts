import { BUILD_SUCCESS_SAMPLE, REPO_PUSH_SAMPLE, VULNERABILITY_FOUND_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { dispatchedEvents, waitForDispatched } from './support/dispatched';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor, repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'acme/web';
const BASE = `/api/v1/repository/${REPO}/notification`;
// Quay's fields, and Herald's lane settings beside them (clients written for Quay ignore fields they do not know).
const QUAY_KEYS = ['config', 'event', 'event_config', 'method', 'number_of_failures', 'title', 'uuid'];
const NOTIFICATION_KEYS = [...QUAY_KEYS, 'max_in_flight', 'ordering', 'rate_limit'].sort();

describe("Quay's notification API over HTTP", () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let admin: string;

  const call = (method: string, path: string, opts: Parameters<typeof api>[3] = {}) =>
    api(herald.url, method, path, { token: admin, ...opts });
  const create = (body: unknown, token = admin) => api(herald.url, 'POST', `${BASE}/`, { token, body });
  const webhook = (extra: Record<string, unknown> = {}) => ({
    event: 'repo_push',
    method: 'webhook',
    config: { url: `${sink.url}/hook` },
    eventConfig: {},
    title: 'CI hook',
    ...extra,
  });

  beforeAll(async () => {
    env = await openTestEnvironment('notifications-api');
    sink = await HttpSink.start();
    herald = await startHerald({ ...env.heraldEnv, HERALD_JWT_SECRET: TEST_JWT_SECRET });
    admin = await repoAdmin(REPO);
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  describe('success shapes equal Quay', () => {
    let uuid: string;

    it('POST creates: 201 with the notification object', async () => {
      const res = await create(webhook({ eventConfig: { 'tag-regex': 'v1' } }));
      expect(res.status).toBe(201);
      const body = res.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(NOTIFICATION_KEYS);
      expect(body).toMatchObject({
        title: 'CI hook',
        event: 'repo_push',
        method: 'webhook',
        // The URL is a secret (receivers put tokens in it): shown masked, never whole.
        config: { url: `${sink.url}/***` },
        event_config: { 'tag-regex': 'v1' },
        number_of_failures: 0,
      });
      expect(body.uuid).toMatch(/^[0-9a-f-]{36}$/);
      uuid = body.uuid as string;
    });

    it('GET lists as {"notifications": [...]} and gets one by uuid', async () => {
      const list = await call('GET', `${BASE}/`);
      expect(list.status).toBe(200);
      const { notifications } = list.body as { notifications: { uuid: string }[] };
      expect(notifications.map((n) => n.uuid)).toContain(uuid);
      const one = await call('GET', `${BASE}/${uuid}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(notifications.find((n) => n.uuid === uuid));
    });

    it('POST on the uuid resets failures (204) and POST .../test delivers the sample payload (200 {})', async () => {
      expect((await call('POST', `${BASE}/${uuid}`)).status).toBe(204);
      const test = await call('POST', `${BASE}/${uuid}/test`);
      expect(test.status).toBe(200);
      expect(test.body).toEqual({});
      const [request] = await sink.waitFor(1);
      expect(JSON.parse(request.body)).toEqual({
        ...REPO_PUSH_SAMPLE,
        repository: REPO,
        namespace: 'acme',
        name: 'web',
        docker_url: 'quay.io/acme/web',
        homepage: 'https://quay.io/repository/acme/web',
      });
    });

    it('DELETE answers 204, then the uuid is 404', async () => {
      expect((await call('DELETE', `${BASE}/${uuid}`)).status).toBe(204);
      expect((await call('GET', `${BASE}/${uuid}`)).status).toBe(404);
      expect((await call('DELETE', `${BASE}/${uuid}`)).status).toBe(404);
      expect((await call('POST', `${BASE}/${uuid}/test`)).status).toBe(404);
    });

    it('the audit log records each change with its actor', async () => {
      const res = await call('GET', `/api/v1/repository/${REPO}/logs`);
      expect(res.status).toBe(200);
      const logs = (res.body as { logs: { kind: string; notification_uuid: string; performer: { id: string } }[] })
        .logs;
      const mine = logs.filter((l) => l.notification_uuid === uuid).map((l) => l.kind);
      expect(mine).toEqual(
        expect.arrayContaining([
          'add_repo_notification',
          'reset_repo_notification',
          'test_repo_notification',
          'delete_repo_notification',
        ]),
      );
      expect(logs.every((l) => l.performer.id === `admin-of-${REPO}`)).toBe(true);
    });

    it('serves an OpenAPI document generated from the DTOs', async () => {
      const res = await api(herald.url, 'GET', '/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/repository/{namespace}/{repo}/notification',
          '/api/v1/repository/{namespace}/{repo}/notification/{uuid}',
          '/api/v1/repository/{namespace}/{repo}/notification/{uuid}/test',
        ]),
      );
    });
  });

  describe('each validation error is a 400 naming the field', () => {
    const cases: [string, Record<string, unknown> | undefined, RegExp][] = [
      ['missing event', { event: undefined }, /event is required; allowed: .*repo_push/],
      ['unknown event', { event: 'repo_exploded' }, /event "repo_exploded" is unknown; allowed: .*build_failure/],
      ['unknown method', { method: 'carrier_pigeon' }, /method "carrier_pigeon" is unknown; allowed: .*webhook/],
      ['missing webhook url', { config: {} }, /config\.url: Missing webhook URL/],
      ['invalid webhook url', { config: { url: 'not a url' } }, /config\.url: Invalid webhook URL/],
      ['config not an object', { config: 'http://x' }, /config must be a JSON object/],
      [
        'invalid ref-regex',
        { event: 'build_success', eventConfig: { 'ref-regex': '(unclosed' } },
        /eventConfig\.ref-regex is not a valid regular expression/,
      ],
      ['bad level', { event: 'vulnerability_found', eventConfig: { level: 'Catastrophic' } }, /eventConfig\.level/],
      ['filter of another event', { eventConfig: { level: 1 } }, /eventConfig\.level is not a filter of repo_push/],
      ['title too long', { title: 'x'.repeat(300) }, /title must be a string of at most 255/],
    ];
    it.each(cases)('%s', async (_name, change, message) => {
      const res = await create(webhook(change));
      expect(res.status).toBe(400);
      expect((res.body as { message: string }).message).toMatch(message);
      expect((res.body as { error_type: string }).error_type).toBe('invalid_request');
    });

    it('accepts level as "1", 1 or a name and stores the index', async () => {
      for (const level of ['1', 1, 'High']) {
        const res = await create(webhook({ event: 'vulnerability_found', eventConfig: { level } }));
        expect(res.status).toBe(201);
        expect((res.body as { event_config: unknown }).event_config).toEqual({ level: 1 });
      }
    });

    it('reports several errors at once', async () => {
      const res = await create({ event: 'nope', method: 'nope' });
      expect(res.status).toBe(400);
      expect((res.body as { errors: string[] }).errors).toHaveLength(2);
    });

    it('rejects a body that is not a JSON object, or not JSON, and bad path names', async () => {
      expect((await create([1, 2])).status).toBe(400);
      const broken = await api(herald.url, 'POST', `${BASE}/`, { token: admin, rawBody: '{"event":' });
      expect(broken.status).toBe(400);
      const badName = await api(herald.url, 'GET', '/api/v1/repository/Acme!/web/notification/', { token: admin });
      expect(badName.status).toBe(400);
      expect((badName.body as { message: string }).message).toMatch(/namespace/);
    });

    it('a uuid from another repository is 404', async () => {
      const other = await create(webhook(), admin);
      const otherUuid = (other.body as { uuid: string }).uuid;
      const superuser = await jwtFor('root', [], { superuser: true });
      const res = await api(herald.url, 'GET', `/api/v1/repository/acme/other/notification/${otherUuid}`, {
        token: superuser,
      });
      expect(res.status).toBe(404);
      const malformed = await call('GET', `${BASE}/not-a-uuid`);
      expect(malformed.status).toBe(404);
    });
  });

  describe('authentication and permission on every route', () => {
    const routes: [string, string][] = [
      ['POST', `${BASE}/`],
      ['GET', `${BASE}/`],
      ['GET', `${BASE}/00000000-0000-4000-8000-000000000000`],
      ['DELETE', `${BASE}/00000000-0000-4000-8000-000000000000`],
      ['POST', `${BASE}/00000000-0000-4000-8000-000000000000`],
      ['POST', `${BASE}/00000000-0000-4000-8000-000000000000/test`],
      ['GET', `/api/v1/repository/${REPO}/logs`],
    ];

    it('401 without a token, with a malformed one, a wrongly signed one, and an expired one', async () => {
      const expired = await jwtFor('late', [{ type: 'repository', name: REPO, actions: ['*'] }], { expiresIn: -3600 });
      const forged = await jwtFor('forger', [{ type: 'repository', name: REPO, actions: ['*'] }], {
        secret: 'another-secret-entirely-of-some-length',
      });
      for (const [method, path] of routes) {
        for (const token of [undefined, 'garbage', expired, forged]) {
          const res = await api(herald.url, method, path, { token, body: method === 'POST' ? webhook() : undefined });
          expect({ method, path, token: token?.slice(0, 8), status: res.status }).toMatchObject({ status: 401 });
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
          expect((res.body as { message: string }).message).toBeTruthy();
        }
      }
    });

    it('403 for a push/pull-only actor and for an admin of another repository; refusals are audited', async () => {
      const pusher = await jwtFor('pusher', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }]);
      const neighbour = await repoAdmin('acme/api', 'neighbour');
      for (const [method, path] of routes) {
        for (const token of [pusher, neighbour]) {
          const res = await api(herald.url, method, path, { token, body: method === 'POST' ? webhook() : undefined });
          expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
          expect((res.body as { message: string }).message).toMatch(/is not an admin of acme\/web/);
        }
      }
      const logs = (await call('GET', `/api/v1/repository/${REPO}/logs?limit=500`)).body as {
        logs: { kind: string; performer: { id: string } }[];
      };
      const denied = logs.logs.filter((l) => l.kind === 'denied').map((l) => l.performer.id);
      expect(denied.filter((id) => id === 'pusher')).toHaveLength(routes.length);
      expect(denied.filter((id) => id === 'neighbour')).toHaveLength(routes.length);
    });

    it('a namespace admin and a superuser are admins of the repository', async () => {
      const nsAdmin = await jwtFor('ns-admin', [{ type: 'namespace', name: 'acme', actions: ['admin'] }]);
      const root = await jwtFor('root', [], { superuser: true });
      for (const token of [nsAdmin, root]) {
        expect((await api(herald.url, 'GET', `${BASE}/`, { token })).status).toBe(200);
      }
    });
  });

  describe('routing follows the API at once', () => {
    it('a ref-regex filter lets through only builds of matching refs (anchored at the start)', async () => {
      const target = await HttpSink.start();
      try {
        const created = await create(
          webhook({
            event: 'build_success',
            config: { url: target.url },
            eventConfig: { 'ref-regex': 'refs/heads/rel' },
          }),
        );
        expect(created.status).toBe(201);
        const build = (ref: string | undefined) => ({
          ...structuredClone(BUILD_SUCCESS_SAMPLE),
          repository: REPO,
          namespace: 'acme',
          name: 'web',
          trigger_metadata: ref === undefined ? undefined : { ...BUILD_SUCCESS_SAMPLE.trigger_metadata, ref },
          herald_test_ref: ref ?? 'none',
        });
        const before = await dispatchedEvents(herald.url);
        for (const ref of ['refs/heads/main', 'refs/tags/refs/heads/release', undefined, 'refs/heads/release-2']) {
          await env.publisher.publish('build_success', build(ref) as never);
        }
        await target.waitFor(1);
        await waitForDispatched([herald.url], before + 4);
        expect(target.bodies().map((b) => (b as { herald_test_ref: string }).herald_test_ref)).toEqual([
          'refs/heads/release-2',
        ]);
      } finally {
        await target.close();
      }
    });

    it('a notification created through the API receives the very next event; deleted, it receives nothing', async () => {
      const target = await HttpSink.start();
      try {
        const created = await create(
          webhook({ event: 'vulnerability_found', config: { url: target.url }, eventConfig: { level: 'High' } }),
        );
        const uuid = (created.body as { uuid: string }).uuid;
        const event = {
          ...structuredClone(VULNERABILITY_FOUND_SAMPLE),
          repository: REPO,
          namespace: 'acme',
          name: 'web',
        };
        await env.publisher.publish('vulnerability_found', event as never);
        const [got] = await target.waitFor(1);
        expect(JSON.parse(got.body)).toEqual(event);
        const before = await dispatchedEvents(herald.url);
        // Below the filter's level: not delivered.
        await env.publisher.publish('vulnerability_found', {
          ...event,
          vulnerability: { ...event.vulnerability, priority: 'Low' },
        } as never);
        expect((await call('DELETE', `${BASE}/${uuid}`)).status).toBe(204);
        await env.publisher.publish('vulnerability_found', event as never);
        await waitForDispatched([herald.url], before + 2);
        expect(target.requests).toHaveLength(1);
      } finally {
        await target.close();
      }
    });
  });
});
