import * as fs from 'node:fs';
import * as path from 'node:path';
import { HeraldMetrics } from './herald.metrics';
import { JetStreamConsumersProbe } from './jetstream-consumers.probe';

const gauges = {
  actors: () => [{ method: 'webhook', mailbox: 3, retriesPending: 1, ownedPartitions: 2 }],
  dispatching: () => true,
  disabledByMethod: () => new Map([['webhook', 4]]),
  consumers: () => Promise.resolve([{ stream: 'S', consumer: 'c', pending: 5, ackPending: 6 }]),
};

describe('HeraldMetrics', () => {
  it('counts what the engine reports and reads the gauges on scrape', async () => {
    const m = new HeraldMetrics(gauges);
    m.eventReceived('repo_push');
    m.eventMatched('repo_push', 2);
    m.eventMatched('repo_push', 0);
    m.deliveryOutcome({ method: 'webhook', status: 'delivered', publishedAt: Date.now() - 1500, test: false });
    m.deliveryOutcome({ method: 'webhook', status: 'delivered', test: true });
    const text = await m.registry.metrics();
    expect(text).toContain('herald_events_received_total{kind="repo_push"} 1');
    expect(text).toContain('herald_events_matched_total{kind="repo_push"} 2');
    expect(text).toContain('herald_events_unmatched_total{kind="repo_push"} 1');
    expect(text).toContain('herald_deliveries_total{method="webhook",outcome="delivered"} 2');
    // Tests and manual redeliveries carry no publish time: no latency for them.
    expect(text).toContain('herald_delivery_latency_seconds_count{method="webhook"} 1');
    expect(text).toContain('herald_lane_mailbox{method="webhook"} 3');
    expect(text).toContain('herald_retries_pending{method="webhook"} 1');
    expect(text).toContain('herald_dispatching 1');
    expect(text).toContain('herald_notifications_disabled{method="webhook"} 4');
    expect(text).toContain('herald_jetstream_consumer_ack_pending{stream="S",consumer="c"} 6');
  });

  it('the Grafana dashboard shows only metrics Herald exports', async () => {
    const names = new Set((await new HeraldMetrics(gauges).registry.getMetricsAsJSON()).map((m) => m.name));
    const dashboard = fs.readFileSync(
      path.resolve(__dirname, '../../../../deploy/grafana/herald-dashboard.json'),
      'utf8',
    );
    const used = [...dashboard.matchAll(/\b((?:herald|process|nodejs)_\w+)/g)].map((m) =>
      m[1].replace(/_(bucket|count|sum)$/, ''),
    );
    expect(used.length).toBeGreaterThan(10);
    expect([...new Set(used)].filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('JetStreamConsumersProbe', () => {
  it('lists the consumers once per period however often it is scraped', async () => {
    let listings = 0;
    const jsm = {
      consumers: {
        list: (stream: string) => {
          listings++;
          return (async function* () {
            yield { name: `${stream}-c`, num_pending: 1, num_ack_pending: 2 };
          })();
        },
      },
    };
    const probe = new JetStreamConsumersProbe(() => jsm as never, ['A'], 2000);
    await probe.read(0);
    await probe.read(1000);
    expect(await probe.read(1999)).toEqual([{ stream: 'A', consumer: 'A-c', pending: 1, ackPending: 2 }]);
    expect(listings).toBe(1);
    await probe.read(2000);
    expect(listings).toBe(2);
  });
});
