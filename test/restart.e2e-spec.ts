import { REPO_PUSH_SAMPLE } from '@herald/events';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const TOTAL = 150;

/** Publishes TOTAL events, each marked with its number, at roughly one every few ms; calls `midway` halfway. */
async function publishStream(env: TestEnvironment, midway: () => Promise<void>): Promise<void> {
  for (let i = 0; i < TOTAL; i++) {
    if (i === TOTAL / 2) await midway();
    await env.publisher.publish('repo_push', { ...structuredClone(REPO_PUSH_SAMPLE), herald_test_seq: i } as never, {
      eventId: `restart-${i}`,
    });
    await new Promise((r) => setTimeout(r, 5));
  }
}

function seqs(sink: HttpSink): number[] {
  return sink.bodies().map((b) => (b as { herald_test_seq: number }).herald_test_seq);
}

describe('stopping Herald while events arrive loses none', () => {
  let env: TestEnvironment;
  let sink: HttpSink;
  const processes: HeraldProcess[] = [];
  // A short ack wait bounds how long a killed process's unacked messages wait before JetStream redelivers them.
  const start = async () => {
    const p = await startHerald({ ...env.heraldEnv, HERALD_ACK_WAIT_MS: '3000' });
    processes.push(p);
    return p;
  };

  beforeEach(async () => {
    env = await openTestEnvironment('restart');
    sink = await HttpSink.start();
    // A slightly slow receiver keeps deliveries in flight when the signal lands.
    sink.respondWith(() => ({ status: 200, delayMs: 20 }));
    await insertNotification(env.db, {
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: 'webhook',
      config: { url: sink.url },
    });
  });

  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop('SIGKILL');
    await sink.close();
    await env.close();
  });

  it('SIGTERM finishes in-flight work and exits 0; after a restart every event is delivered exactly once', async () => {
    const first = await start();
    let exitCode: number | null = -1;
    await publishStream(env, async () => {
      exitCode = await first.stop('SIGTERM');
      await start();
    });
    await sink.waitFor(TOTAL, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(exitCode).toBe(0);
    await first.waitForLog(/SIGTERM: stopping intake/);
    const got = seqs(sink);
    expect(new Set(got).size).toBe(TOTAL);
    // A graceful stop acks everything it delivered, so nothing is sent twice.
    expect(got).toHaveLength(TOTAL);
  });

  it('after kill -9 mid-stream, a restarted Herald delivers every event (redeliveries allowed)', async () => {
    const first = await start();
    await publishStream(env, async () => {
      await first.stop('SIGKILL');
      await start();
    });
    const deadline = Date.now() + 30_000;
    while (new Set(seqs(sink)).size < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const unique = new Set(seqs(sink));
    expect([...Array(TOTAL).keys()].filter((i) => !unique.has(i))).toEqual([]);
  });

  it('a scheduled retry survives a restart of Herald', async () => {
    sink.respondWith((_req, i) => (i === 0 ? { status: 500 } : { status: 200 }));
    const first = await startHerald({ ...env.heraldEnv, HERALD_RETRY_SCHEDULE: '2s' });
    processes.push(first);
    await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, { eventId: 'retry-me' });
    const [failed] = await sink.waitFor(1);
    expect(await first.stop('SIGTERM')).toBe(0);
    await start();
    const [, retried] = await sink.waitFor(2, 15_000);
    expect(retried.at - failed.at).toBeGreaterThanOrEqual(1500);
    expect(JSON.parse(retried.body)).toEqual(REPO_PUSH_SAMPLE);
  });
});
