import { EVENT_CATALOGUE, EventKind } from '@herald/events';
import { api } from './support/api.client';
import { deliveryOutcomeOf, deliveryOutcomesOf } from './support/delivery-outcome';
import { goldenRequest } from './support/golden-request';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

// The catalogue's samples are about this repository, so a published sample and a test notification both produce
// exactly the checked-in golden request.
const REPO = 'mynamespace/repository';
const BASE = `/api/v1/repository/${REPO}/notification`;

interface ChatCase {
  method: string;
  event: EventKind;
  /** Where the receiver sits below the sink's root (HipChat and Flowdock: the deployment's base URL). */
  prefix: string;
  config(sinkUrl: string): Record<string, unknown>;
  eventConfig?: Record<string, unknown>;
}

const CASES: ChatCase[] = [
  {
    method: 'slack',
    event: 'repo_image_expiry',
    prefix: '',
    config: (url) => ({ url: `${url}/services/T000/B000/XXXX` }),
    eventConfig: { days: 7 },
  },
  {
    method: 'hipchat',
    event: 'repo_mirror_sync_failed',
    prefix: '/hipchat',
    config: () => ({ room_id: '1234', notification_token: 'room-token-s3cr3t' }),
  },
  {
    method: 'flowdock',
    event: 'build_cancelled',
    prefix: '/flowdock',
    config: () => ({ flow_api_token: 'flow-token-s3cr3t' }),
  },
];

describe('the chat actions deliver through the built Herald to real receivers on loopback', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let admin: string;
  const sinks = new Map<string, HttpSink>();
  const uuids = new Map<string, string>();

  beforeAll(async () => {
    env = await openTestEnvironment('chat-actions');
    for (const c of CASES) sinks.set(c.method, await HttpSink.start());
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_RETRY_SCHEDULE: '300ms,300ms,300ms',
      HERALD_HIPCHAT_BASE_URL: `${sinks.get('hipchat')!.url}/hipchat`,
      HERALD_FLOWDOCK_BASE_URL: `${sinks.get('flowdock')!.url}/flowdock`,
      // The golden files' sender.
      HERALD_FLOWDOCK_FROM_ADDRESS: 'registry@example.com',
    });
    admin = await repoAdmin(REPO);
  });

  afterAll(async () => {
    await herald?.stop();
    for (const sink of sinks.values()) await sink.close();
    await env?.close();
  });

  describe.each(CASES)('$method', (c) => {
    let uuid: string;
    let sink: HttpSink;
    const golden = () => goldenRequest(c.method, c.event);

    beforeAll(async () => {
      sink = sinks.get(c.method)!;
      const res = await api(herald.url, 'POST', `${BASE}/`, {
        token: admin,
        body: { event: c.event, method: c.method, config: c.config(sink.url), eventConfig: c.eventConfig ?? {} },
      });
      expect(res.status).toBe(201);
      uuid = (res.body as { uuid: string }).uuid;
      uuids.set(c.method, uuid);
      // Tokens and hook URLs are secrets: never shown whole.
      expect(JSON.stringify(res.body)).not.toMatch(/XXXX|s3cr3t/);
    });

    it(`delivers a published ${c.event} as Quay's exact request, retrying a 5xx`, async () => {
      sink.respondWith((_req, i) => (i === 0 ? { status: 500, body: 'try later' } : { status: 200, body: 'ok' }));
      const outcomes = await deliveryOutcomesOf(env.nc, uuid, 2, () =>
        env.publisher.publish(c.event, structuredClone(EVENT_CATALOGUE[c.event].sample) as never),
      );
      expect(outcomes).toMatchObject([
        { status: 'retrying', http_status: 500, attempt: 1, test: false },
        { status: 'delivered', http_status: 200, attempt: 2, test: false },
      ]);

      const [failed, retried] = sink.requests;
      const want = golden();
      for (const request of [failed, retried]) {
        expect(request.method).toBe(want.method);
        expect(request.path).toBe(`${c.prefix}${want.path}`);
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.body).toBe(want.body);
      }
    });

    it('sends the test notification: the same sample, the same bytes', async () => {
      const before = sink.requests.length;
      const outcome = await deliveryOutcomeOf(env.nc, uuid, async () => {
        const res = await api(herald.url, 'POST', `${BASE}/${uuid}/test`, { token: admin });
        expect(res.status).toBe(200);
      });
      expect(outcome).toMatchObject({ status: 'delivered', http_status: 200, test: true });
      const [request] = sink.requests.slice(before);
      expect(request.path).toBe(`${c.prefix}${golden().path}`);
      expect(request.body).toBe(golden().body);
    });
  });

  it.each([
    [
      'slack',
      { url: 'http://hooks.example.com/services/T/B/x' },
      /^config\.url: Invalid Slack Callback URL: an https:\/\/ address is required/,
    ],
    ['slack', {}, /^config\.url: Missing Slack Callback URL/],
    ['hipchat', { room_id: 'general', notification_token: 't' }, /^config\.room_id: Hipchat Room ID must be a number/],
    ['flowdock', {}, /^config\.flow_api_token: Missing Flowdock API Token/],
  ])('refuses a bad %s config with a 400 naming the field', async (method, config, message) => {
    const res = await api(herald.url, 'POST', `${BASE}/`, {
      token: admin,
      body: { event: 'repo_push', method, config, eventConfig: {} },
    });
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toMatch(message);
  });

  it('slack on repo_image_expiry with days 7: an expiry in 30 days is filtered out, one in 5 days is sent', async () => {
    const sink = sinks.get('slack')!;
    const uuid = uuids.get('slack');
    expect(uuid).toBeDefined();
    const before = sink.requests.length;
    const sample = EVENT_CATALOGUE.repo_image_expiry.sample;
    const outcome = await deliveryOutcomeOf(env.nc, uuid!, async () => {
      await env.publisher.publish('repo_image_expiry', { ...structuredClone(sample), expiring_in: '30 days' } as never);
      await env.publisher.publish('repo_image_expiry', structuredClone(sample) as never);
    });
    // Deliveries to one notification keep publish order: had the 30-day event matched, its outcome would come first.
    expect(outcome).toMatchObject({ status: 'delivered', attempt: 1, test: false });
    expect(sink.requests.slice(before).map((r) => r.body)).toEqual([goldenRequest('slack', 'repo_image_expiry').body]);
  });
});
