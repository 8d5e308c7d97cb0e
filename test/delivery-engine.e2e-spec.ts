import { connect, NatsConnection } from 'nats';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { dispatchedEvents, waitForDispatched } from './support/dispatched';
import { eventually } from './support/eventually';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink, SinkResponse } from './support/http-sink';
import { jwtFor, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const SCHEDULE = [300, 600, 900];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Attempt {
  attempt: number;
  outcome: string;
  http_status: number | null;
  error_class: string | null;
  response_body: string | null;
}

describe('the delivery engine: retries, failure policy, isolation and history', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let token: string;
  let watcher: NatsConnection;
  let counter = 0;
  const sinks: HttpSink[] = [];

  beforeAll(async () => {
    env = await openTestEnvironment('delivery-engine');
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_RETRY_SCHEDULE: SCHEDULE.map((ms) => `${ms}ms`).join(','),
      HERALD_DELIVERY_TIMEOUT_MS: '1000',
    });
    watcher = await connect({ servers: env.natsUrl });
    // Namespace admin of every test repository.
    token = await jwtFor('engine-admin', [{ type: 'namespace', name: 'engine', actions: ['admin'] }]);
  });

  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    await watcher?.drain();
    await herald?.stop();
    await env?.close();
  });

  /** A fresh repository per test, so their notifications never see each other's events. */
  async function setup(script: (index: number) => SinkResponse) {
    const repository = `engine/r${++counter}`;
    const sink = await HttpSink.start();
    sinks.push(sink);
    sink.respondWith((_req, i) => script(i));
    const created = await api(herald.url, 'POST', `/api/v1/repository/${repository}/notification/`, {
      token,
      body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/hook?token=s3cr3t-value` } },
    });
    expect(created.status).toBe(201);
    const uuid = (created.body as { uuid: string }).uuid;
    const base = `/api/v1/repository/${repository}/notification/${uuid}`;
    const [namespace, name] = repository.split('/');
    const publish = (extra: Record<string, unknown> = {}) =>
      env.publisher.publish('repo_push', {
        ...structuredClone(REPO_PUSH_SAMPLE),
        repository,
        namespace,
        name,
        ...extra,
      } as never);
    const get = async (path = '') =>
      (await api(herald.url, 'GET', `${base}${path}`, { token })).body as Record<string, unknown>;
    return { repository, sink, uuid, base, publish, get };
  }

  it('retries a 500 twice on schedule and delivers on the third attempt; the history shows each attempt', async () => {
    const t = await setup((i) => (i < 2 ? { status: 500, body: 'boom s3cr3t-value' } : { status: 200 }));
    const receipt = await t.publish();
    const requests = await t.sink.waitFor(3);
    const gaps = [requests[1].at - requests[0].at, requests[2].at - requests[1].at];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(SCHEDULE[i] * 0.8 - 50);
      // Slack above the jittered schedule for a loaded machine; the lower bound is what shows the schedule is kept.
      expect(gap).toBeLessThan(SCHEDULE[i] * 1.2 + 3000);
    });

    const deliveryId = `${receipt.eventId}:${t.uuid}`;
    const one = await eventually(async () => {
      const record = await t.get(`/deliveries/${encodeURIComponent(deliveryId)}`);
      expect(record).toMatchObject({ delivery_id: deliveryId, status: 'delivered', attempt_count: 3, test: false });
      return record;
    });
    expect(t.sink.requests).toHaveLength(3);
    const attempts = one.attempts as Attempt[];
    expect(attempts.map((a) => [a.attempt, a.outcome, a.http_status, a.error_class])).toEqual([
      [1, 'retry', 500, 'http_5xx'],
      [2, 'retry', 500, 'http_5xx'],
      [3, 'delivered', 200, null],
    ]);
    // The secret in the URL's query is masked wherever the receiver echoed it.
    expect(attempts[0].response_body).toBe('boom [redacted]');
    expect((await t.get()).number_of_failures).toBe(0);
  });

  it('stops at once on 410 Gone and counts one failure', async () => {
    const t = await setup(() => ({ status: 410 }));
    const receipt = await t.publish();
    await t.sink.waitFor(1);
    await eventually(async () => {
      const one = await t.get(`/deliveries/${encodeURIComponent(`${receipt.eventId}:${t.uuid}`)}`);
      expect(one).toMatchObject({ status: 'failed', attempt_count: 1 });
      expect((await t.get()).number_of_failures).toBe(1);
    });
    // Failed for good: no retry follows, however long the schedule's first steps are waited out.
    await pause(SCHEDULE[0] * 2 + 300);
    expect(t.sink.requests).toHaveLength(1);
  });

  it('honours Retry-After on 503 over the shorter schedule', async () => {
    const t = await setup((i) => (i === 0 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 200 }));
    await t.publish();
    const [first, second] = await t.sink.waitFor(2, 10_000);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
  });

  it('disables the notification after three failures and says so on NATS; reset re-enables it', async () => {
    let failing = true;
    const t = await setup(() => (failing ? { status: 400, body: 'bad request' } : { status: 200 }));
    const disabled: Record<string, unknown>[] = [];
    const sub = watcher.subscribe('herald.domain.notification.disabled', {
      callback: (_e, m) => disabled.push(JSON.parse(Buffer.from(m.data).toString())),
    });
    for (let i = 0; i < 3; i++) {
      await t.publish();
      await t.sink.waitFor(i + 1);
    }
    await eventually(async () => {
      expect((await t.get()).number_of_failures).toBe(3);
      expect(disabled.filter((d) => d.uuid === t.uuid)).toHaveLength(1);
    });
    expect(disabled.find((d) => d.uuid === t.uuid)).toMatchObject({ repository: t.repository, data: { failures: 3 } });

    // Disabled: the event matches nothing.
    const dispatched = await dispatchedEvents(herald.url);
    await t.publish();
    await waitForDispatched([herald.url], dispatched + 1);
    expect(t.sink.requests).toHaveLength(3);
    expect((await t.get('/deliveries')).deliveries).toHaveLength(3);

    failing = false;
    expect((await api(herald.url, 'POST', t.base, { token })).status).toBe(204);
    await t.publish();
    await t.sink.waitFor(4);
    sub.unsubscribe();
  });

  it('deleting a notification cancels its pending retries', async () => {
    const t = await setup(() => ({ status: 500 }));
    const receipt = await t.publish();
    await t.sink.waitFor(1);
    const deliveryId = encodeURIComponent(`${receipt.eventId}:${t.uuid}`);
    await eventually(async () => expect((await t.get(`/deliveries/${deliveryId}`)).status).toBe('retrying'));
    expect((await api(herald.url, 'DELETE', t.base, { token })).status).toBe(204);
    // The retry comes due after the delete and is recorded as cancelled instead of sent (awaited: on a loaded machine
    // it may come later than the schedule says).
    await eventually(async () => {
      const records = await env.db
        .collection('delivery_records')
        .find({ delivery_id: `${receipt.eventId}:${t.uuid}` })
        .sort({ at: 1 })
        .toArray();
      expect(records.map((r) => r.status)).toEqual(['retrying', 'cancelled']);
    });
    // And nothing was sent again, however long the schedule's next steps are waited out.
    await pause(SCHEDULE[1] * 1.2 + 500);
    expect(t.sink.requests).toHaveLength(1);
  });

  it("a slow target's deliveries wait in its lane and arrive in event order", async () => {
    const slow = await setup(() => ({ status: 200, delayMs: 100 }));
    const health = async () =>
      ((await api(herald.url, 'GET', '/health')).body as { checks: { dispatcher: Record<string, number> } }).checks
        .dispatcher;
    const before = await health();
    for (let i = 0; i < 15; i++) await slow.publish({ herald_test_seq: i });
    await slow.sink.waitFor(15, 15_000);
    expect(slow.sink.bodies().map((b) => (b as { herald_test_seq: number }).herald_test_seq)).toEqual([
      ...Array(15).keys(),
    ]);
    const after = await health();
    // The first may start directly; once its send is seen to be slow, the rest wait in the lane's stream.
    const queued = after.deliveriesQueued - before.deliveriesQueued;
    expect(queued + after.deliveriesDirect - before.deliveriesDirect).toBe(15);
    expect(queued).toBeGreaterThanOrEqual(13);
  });

  it('a target that never answers does not delay a healthy one', async () => {
    const slow = await setup(() => ({ status: 200, delayMs: Infinity }));
    const healthy = await HttpSink.start();
    try {
      const created = await api(herald.url, 'POST', `/api/v1/repository/${slow.repository}/notification/`, {
        token,
        body: { event: 'repo_push', method: 'webhook', config: { url: healthy.url } },
      });
      expect(created.status).toBe(201);
      const started = Date.now();
      const published: number[] = [];
      for (let i = 0; i < 20; i++) {
        published.push(Date.now());
        await slow.publish({ herald_test_seq: i });
      }
      const got = await healthy.waitFor(20, 15_000);
      // Each event reaches the healthy target promptly although the other target holds every one of its calls: were
      // it queued behind them, event i would wait i delivery timeouts (1 s each), so the bound leaves room for a
      // loaded machine and still fails on blocking.
      got.forEach((r) => {
        const seq = (JSON.parse(r.body) as { herald_test_seq: number }).herald_test_seq;
        expect(r.at - published[seq]).toBeLessThan(3000);
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      // In event order: deliveries to one notification are serialised.
      expect(healthy.bodies().map((b) => (b as { herald_test_seq: number }).herald_test_seq)).toEqual([
        ...Array(20).keys(),
      ]);
    } finally {
      await healthy.close();
    }
  });

  it('pages the history, filters by outcome, redelivers one delivery and everything failed since T', async () => {
    let failing = true;
    const t = await setup(() => (failing ? { status: 404 } : { status: 200 }));
    const since = new Date().toISOString();
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await t.publish()).eventId);
    await t.sink.waitFor(2);
    await eventually(async () =>
      expect(((await t.get('/deliveries?status=failed')).deliveries as unknown[]).length).toBe(2),
    );

    const page1 = (await t.get('/deliveries?limit=1')).deliveries as { delivery_id: string; created_at: string }[];
    expect(page1).toHaveLength(1);
    const page2 = (await t.get(`/deliveries?limit=1&before=${encodeURIComponent(page1[0].created_at)}`)).deliveries as {
      delivery_id: string;
    }[];
    expect(page2).toHaveLength(1);
    expect(page2[0].delivery_id).not.toBe(page1[0].delivery_id);
    expect(((await t.get('/deliveries?status=failed')).deliveries as unknown[]).length).toBe(2);
    expect(((await t.get('/deliveries?status=delivered')).deliveries as unknown[]).length).toBe(0);
    const bad = await api(herald.url, 'GET', `${t.base}/deliveries?status=exploded`, { token });
    expect(bad.status).toBe(400);

    failing = false;
    const all = await api(herald.url, 'POST', `${t.base}/deliveries/redeliver`, { token, body: { since } });
    expect(all.status).toBe(202);
    expect(all.body).toMatchObject({ redelivered: 2 });
    await t.sink.waitFor(4);
    await eventually(async () =>
      expect(((await t.get('/deliveries?status=delivered')).deliveries as unknown[]).length).toBe(2),
    );

    // A delivered one can be sent again on request.
    const id = encodeURIComponent(`${ids[0]}:${t.uuid}`);
    const again = await api(herald.url, 'POST', `${t.base}/deliveries/${id}/redeliver`, { token });
    expect(again.status).toBe(202);
    await t.sink.waitFor(5);
    await eventually(async () => {
      const attempts = (await t.get(`/deliveries/${id}`)).attempts as Attempt[];
      expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'delivered', 'delivered']);
    });
    const missing = await api(herald.url, 'GET', `${t.base}/deliveries/nope`, { token });
    expect(missing.status).toBe(404);
  });

  it('marks test notifications as tests in the history', async () => {
    const t = await setup(() => ({ status: 200 }));
    expect((await api(herald.url, 'POST', `${t.base}/test`, { token })).status).toBe(200);
    await t.sink.waitFor(1);
    await eventually(async () => {
      const list = (await t.get('/deliveries')).deliveries as { test: boolean; status: string }[];
      expect(list).toEqual([expect.objectContaining({ test: true, status: 'delivered' })]);
    });
  });
});
