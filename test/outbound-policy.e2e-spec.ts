import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'mynamespace/repository';
const BASE = `/api/v1/repository/${REPO}/notification/`;

/** A delivery as an admin reads it from the history. */
async function readDelivery(herald: HeraldProcess, token: string, uuid: string, deliveryId: string) {
  const one = await api(herald.url, 'GET', `${BASE}${uuid}/deliveries/${deliveryId}`, { token });
  return one.body as { status: string; attempts: { error: string; error_class: string }[] };
}

/**
 * Herald calls addresses admins type. By default it refuses every one that is not public, at creation and again when
 * sending (a notification stored before the rule, or a name that points elsewhere by then), and only an operator's
 * allow-list opens one.
 */
describe('the outbound policy', () => {
  let env: TestEnvironment;
  let sink: HttpSink;
  let strict: HeraldProcess;
  let token: string;
  let storedUuid: string;

  beforeAll(async () => {
    env = await openTestEnvironment('outbound-policy');
    sink = await HttpSink.start();
    // Stored before the rule existed, so creation never checked it.
    storedUuid = await insertNotification(env.db, {
      repository: REPO,
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${sink.url}/hook` },
    });
    // No allow-list at all: the default policy.
    strict = await startHerald({ ...env.heraldEnv, HERALD_OUTBOUND_ALLOW: '', HERALD_JWT_SECRET: TEST_JWT_SECRET });
    token = await repoAdmin(REPO);
  });

  afterAll(async () => {
    await strict?.stop();
    await sink?.close();
    await env?.close();
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://127.0.0.1:1/',
    'http://localhost/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
  ])('refuses %s at creation with a 400 naming config.url', async (url) => {
    const res = await api(strict.url, 'POST', BASE, {
      token,
      body: { event: 'repo_push', method: 'webhook', config: { url } },
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: string[] }).errors).toEqual([
      expect.stringMatching(/^config\.url: the outbound policy refuses this address: .+ address/),
    ]);
  });

  it('refuses at send time too: a stored loopback target gets nothing, and the history says why', async () => {
    const outcome = await deliveryOutcomeOf(env.nc, storedUuid, () =>
      env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, { eventId: 'ssrf-send' }),
    );
    expect(outcome.status).toBe('failed');
    const delivery = await readDelivery(strict, token, storedUuid, outcome.delivery_id);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({
      error_class: 'forbidden_destination',
      error: expect.stringMatching(/^destination refused by the outbound policy: 127\.0\.0\.1 is a loopback address/),
    });
    expect(sink.requests).toHaveLength(0);
    // The instances below share this one's consumers: only the allowing one may take their work.
    await strict.stop();
  });

  it('calls an allowed address, sends userinfo as Basic authorization, and never follows a redirect', async () => {
    const open = await startHerald({ ...env.heraldEnv, HERALD_JWT_SECRET: TEST_JWT_SECRET });
    try {
      sink.respondWith((req) =>
        req.path === '/moved'
          ? { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }
          : { status: 200 },
      );
      const url = `http://ci%40bot:s3cr%3At@${sink.url.slice('http://'.length)}/basic`;
      const created = await api(open.url, 'POST', BASE, {
        token,
        body: { event: 'repo_push', method: 'webhook', config: { url } },
      });
      expect(created.status).toBe(201);
      const uuid = (created.body as { uuid: string }).uuid;
      expect((await api(open.url, 'POST', `${BASE}${uuid}/test`, { token })).status).toBe(200);
      const [req] = await sink.waitFor(1);
      expect(req.path).toBe('/basic');
      expect(req.headers.authorization).toBe(`Basic ${Buffer.from('ci@bot:s3cr:t').toString('base64')}`);

      const moved = await api(open.url, 'POST', BASE, {
        token,
        body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/moved` } },
      });
      const movedUuid = (moved.body as { uuid: string }).uuid;
      const outcome = await deliveryOutcomeOf(env.nc, movedUuid, () =>
        api(open.url, 'POST', `${BASE}${movedUuid}/test`, { token }),
      );
      // A 3xx is the target's problem, retried like a 5xx; the redirect itself is never followed.
      expect(outcome).toMatchObject({ http_status: 302 });
      expect(outcome.status).not.toBe('delivered');
      // Retries of the 302 may follow (a 3xx is retried), but nothing ever went where it pointed.
      expect(new Set(sink.requests.map((r) => r.path))).toEqual(new Set(['/basic', '/moved']));
    } finally {
      await open.stop();
    }
  });
});
