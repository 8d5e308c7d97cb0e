import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin } from './support/jwt.tokens';
import { insertNotification } from './support/notifications.fixture';
import { parsePrometheusText, Sample, valueOf } from './support/prometheus-text';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const push = (repository: string) => {
  const [namespace, name] = repository.split('/');
  return { ...structuredClone(REPO_PUSH_SAMPLE), repository, namespace, name } as never;
};

describe('/metrics after real deliveries: the counters moved by the right amounts', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let ok: HttpSink;
  let bad: HttpSink;

  beforeAll(async () => {
    env = await openTestEnvironment('metrics');
    ok = await HttpSink.start();
    bad = await HttpSink.start();
    // The first send is throttled (429, paused, sent again without a retry spent); the rest get through.
    ok.respondWith((_req, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 }));
    bad.respondWith(() => ({ status: 500, body: 'broken' }));
    await insertNotification(env.db, {
      repository: 'metrics/ok',
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${ok.url}/ok` },
    });
    await insertNotification(env.db, {
      repository: 'metrics/bad',
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${bad.url}/bad` },
    });
    herald = await startHerald({
      ...env.heraldEnv,
      // One immediate retry, then a final failure, which disables the notification at once.
      HERALD_RETRY_SCHEDULE: '0',
      HERALD_FAILURE_THRESHOLD: '1',
    });
  });

  afterAll(async () => {
    await herald?.stop();
    await ok?.close();
    await bad?.close();
    await env?.close();
  });

  const scrape = async (): Promise<{ samples: Sample[]; contentType: string | null }> => {
    const res = await fetch(`${herald.url}/metrics`);
    expect(res.status).toBe(200);
    return { samples: parsePrometheusText(await res.text()), contentType: res.headers.get('content-type') };
  };

  /** Scrapes until `ready` holds: the counters move when the work is recorded, which the test cannot see otherwise. */
  const scrapeUntil = async (ready: (s: Sample[]) => boolean, timeoutMs = 40_000): Promise<Sample[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { samples } = await scrape();
      if (ready(samples)) return samples;
      if (Date.now() > deadline)
        throw new Error(
          `metrics never got there:\n${JSON.stringify(samples.filter((s) => s.name.startsWith('herald_')))}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('counts events, deliveries, throttles, latencies, disables, consumers and API requests', async () => {
    expect((await scrape()).contentType).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const { samples: before } = await scrape();
    expect(valueOf(before, 'herald_events_received_total')).toBe(0);

    for (let i = 0; i < 3; i++) await env.publisher.publish('repo_push', push('metrics/ok'));
    await env.publisher.publish('repo_push', push('metrics/bad'));
    await env.publisher.publish('repo_push', push('metrics/nobody'));
    await env.nc.jetstream().publish('registry.events.repo_push', new TextEncoder().encode('not json'));
    await ok.waitFor(4, 30_000);
    await bad.waitFor(2, 30_000);

    const webhook = { method: 'webhook' };
    const after = await scrapeUntil(
      (s) =>
        valueOf(s, 'herald_deliveries_total', { ...webhook, outcome: 'delivered' }) === 3 &&
        valueOf(s, 'herald_deliveries_total', { ...webhook, outcome: 'failed' }) === 1 &&
        valueOf(s, 'herald_notifications_disabled', webhook) === 1 &&
        valueOf(s, 'herald_events_received_total') === 6,
    );
    const kind = { kind: 'repo_push' };
    expect({
      received: valueOf(after, 'herald_events_received_total', kind),
      deadLettered: valueOf(after, 'herald_events_dead_lettered_total', kind),
      matched: valueOf(after, 'herald_events_matched_total', kind),
      unmatched: valueOf(after, 'herald_events_unmatched_total', kind),
      delivered: valueOf(after, 'herald_deliveries_total', { ...webhook, outcome: 'delivered' }),
      retrying: valueOf(after, 'herald_deliveries_total', { ...webhook, outcome: 'retrying' }),
      failed: valueOf(after, 'herald_deliveries_total', { ...webhook, outcome: 'failed' }),
      cancelled: valueOf(after, 'herald_deliveries_total', { ...webhook, outcome: 'cancelled' }),
      throttled: valueOf(after, 'herald_deliveries_throttled_total', webhook),
      latencies: valueOf(after, 'herald_delivery_latency_seconds_count', webhook),
      attempts: valueOf(after, 'herald_delivery_attempt_duration_seconds_count', webhook),
      disabledByThisInstance: valueOf(after, 'herald_notifications_disabled_total', webhook),
      disabledNow: valueOf(after, 'herald_notifications_disabled', webhook),
    }).toEqual({
      received: 6,
      deadLettered: 1,
      matched: 4,
      unmatched: 1,
      delivered: 3,
      retrying: 1,
      failed: 1,
      cancelled: 0,
      throttled: 1,
      latencies: 3,
      // 4 sends to the good receiver (one throttled), 2 to the broken one.
      attempts: 6,
      disabledByThisInstance: 1,
      disabledNow: 1,
    });
    // Every latency is within the run, in seconds.
    expect(valueOf(after, 'herald_delivery_latency_seconds_sum', webhook)).toBeLessThan(120);
    // JetStream gives a pin with the first message it delivers: this instance took the dispatcher's and its lanes'.
    expect(valueOf(after, 'herald_dispatching')).toBe(1);
    expect(valueOf(after, 'herald_lane_partitions_owned', webhook)).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, 'herald_lane_mailbox', webhook)).toBe(0);
    expect(valueOf(after, 'herald_retries_pending', webhook)).toBe(0);
    const dispatchConsumer = { stream: 'REGISTRY_EVENTS', consumer: 'herald-dispatch' };
    expect(
      after.some((s) => s.name === 'herald_jetstream_consumer_pending' && s.labels.consumer === 'herald-dispatch'),
    ).toBe(true);
    expect(valueOf(after, 'herald_jetstream_consumer_pending', dispatchConsumer)).toBe(0);
    expect(
      after.filter(
        (s) =>
          s.name === 'herald_jetstream_consumer_ack_pending' &&
          s.labels.stream === 'HERALD_LANES' &&
          s.labels.consumer?.startsWith('herald-lane-webhook-'),
      ).length,
    ).toBe(8);
    expect(valueOf(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // API requests by route template and status.
    const path = '/api/v1/repository/metrics/ok/notification/';
    expect((await api(herald.url, 'GET', path, { token: await repoAdmin('metrics/ok') })).status).toBe(200);
    expect((await api(herald.url, 'GET', path)).status).toBe(401);
    const requests = (await scrape()).samples.filter(
      (s) => s.name === 'herald_api_requests_total' && s.labels.route.includes('/notification'),
    );
    expect(requests.map((s) => [s.labels.verb, s.labels.status, s.value]).sort()).toEqual([
      ['GET', '200', 1],
      ['GET', '401', 1],
    ]);
    expect(requests[0].labels.route).not.toContain('metrics/ok');
  }, 180_000);
});
