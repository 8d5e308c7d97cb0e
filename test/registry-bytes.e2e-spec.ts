import { connect, NatsConnection } from 'nats';
import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink, SinkResponse } from './support/http-sink';
import { jwtFor, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/**
 * A payload that no JSON.parse/JSON.stringify round trip survives: an integer above 2^53, a float written `1.0`, a
 * number beyond double range, unusual spacing and escapes. Each one is unique by its marker.
 */
function registryText(repository: string, marker: string): string {
  const [namespace, name] = repository.split('/');
  return (
    `{ "repository" : "${repository}",\n\t"namespace":"${namespace}", "name":"${name}",` +
    ` "docker_url":"quay.io/${repository}", "homepage" : "https://quay.io/repository/${repository}",` +
    ` "updated_tags": {"latest" :"sha256:0"},  "build_number": 12345678901234567, "ratio": 1.0,` +
    ` "huge": 1e400, "text": "caf\\u00e9 \\/ ${marker}", "marker": "${marker}"   }`
  );
}

describe('the registry bytes on every path', () => {
  let env: TestEnvironment;
  let nc: NatsConnection;
  let token: string;
  let counter = 0;
  const heralds: HeraldProcess[] = [];
  const sinks: HttpSink[] = [];
  const heraldEnv = () => ({
    ...env.heraldEnv,
    HERALD_JWT_SECRET: TEST_JWT_SECRET,
    HERALD_RETRY_SCHEDULE: '300ms,300ms',
    // A killed process's unacked event comes back this soon.
    HERALD_ACK_WAIT_MS: '2000',
  });

  beforeAll(async () => {
    env = await openTestEnvironment('registry-bytes');
    nc = await connect({ servers: env.natsUrl });
    token = await jwtFor('bytes-admin', [{ type: 'namespace', name: 'bytes', actions: ['admin'] }]);
    heralds.push(await startHerald(heraldEnv()));
  });

  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    for (const h of heralds) await h.stop('SIGKILL');
    await nc?.drain();
    await env?.close();
  });

  const herald = () => heralds[heralds.length - 1];

  async function setup(script: (body: string, index: number) => SinkResponse) {
    const repository = `bytes/r${++counter}`;
    const sink = await HttpSink.start();
    sinks.push(sink);
    sink.respondWith((req, i) => script(req.body, i));
    const created = await api(herald().url, 'POST', `/api/v1/repository/${repository}/notification/`, {
      token,
      body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/hook` } },
    });
    expect(created.status).toBe(201);
    const uuid = (created.body as { uuid: string }).uuid;
    const publish = async (marker: string) => {
      const text = registryText(repository, marker);
      await nc
        .jetstream()
        .publish('registry.events.repo_push', Buffer.from(text), { msgID: `${repository}-${marker}` });
      return text;
    };
    return { repository, sink, uuid, publish };
  }

  it('sends the exact text on the first attempt and on its retry', async () => {
    const t = await setup((_body, i) => ({ status: i === 0 ? 500 : 200 }));
    const text = await t.publish('retry');
    const requests = await t.sink.waitFor(2);
    expect(requests.map((r) => r.body)).toEqual([text, text]);
  });

  it('sends the exact text on first attempts queued behind a busy target', async () => {
    // The first call hangs for a while, so the events behind it wait in the queue rather than run in-process.
    const t = await setup((_body, i) => ({ status: 200, delayMs: i === 0 ? 1500 : 0 }));
    const texts: string[] = [];
    for (let i = 0; i < 12; i++) texts.push(await t.publish(`queued-${i}`));
    const requests = await t.sink.waitFor(12, 30_000);
    expect(requests.map((r) => r.body).sort()).toEqual([...texts].sort());
    const health = (await api(herald().url, 'GET', '/health')).body as {
      checks: { dispatcher: { deliveriesQueued: number } };
    };
    expect(health.checks.dispatcher.deliveriesQueued).toBeGreaterThan(0);
  });

  it('sends the exact text when an admin redelivers it', async () => {
    const t = await setup(() => ({ status: 200 }));
    const text = await t.publish('manual');
    await t.sink.waitFor(1);
    const base = `/api/v1/repository/${t.repository}/notification/${t.uuid}`;
    const list = await api(herald().url, 'GET', `${base}/deliveries`, { token });
    const deliveryId = (list.body as { deliveries: { delivery_id: string }[] }).deliveries[0].delivery_id;
    // The delivery log shows the same text as the request the delivery carries.
    const detail = await api(herald().url, 'GET', `${base}/deliveries/${encodeURIComponent(deliveryId)}`, { token });
    expect((detail.body as { payload_json: string }).payload_json).toBe(text);
    const again = await api(herald().url, 'POST', `${base}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, {
      token,
    });
    expect(again.status).toBeLessThan(300);
    const requests = await t.sink.waitFor(2);
    expect(requests.map((r) => r.body)).toEqual([text, text]);
  });

  it('sends the exact text when JetStream redelivers the event after a kill -9', async () => {
    // The first call never answers; Herald is killed while it waits, and its successor gets the event again.
    const t = await setup((_body, i) => ({ status: 200, delayMs: i === 0 ? Infinity : 0 }));
    const text = await t.publish('redelivered');
    await t.sink.waitFor(1);
    await herald().stop('SIGKILL');
    heralds.push(await startHerald(heraldEnv()));
    const requests = await t.sink.waitFor(2, 30_000);
    expect(requests.map((r) => r.body)).toEqual([text, text]);
  });
});
