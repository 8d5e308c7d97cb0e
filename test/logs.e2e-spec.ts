import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TEST_ENCRYPTION_KEYS, TestEnvironment } from './support/test-environment';

const REPOSITORY = 'mynamespace/repository';
/** The kind of token receivers put in a webhook's path and query. */
const URL_TOKEN = 'T0KEN-in-the-path-5f3a9c';
const QUERY_TOKEN = 'q-secret-77d1e2';

describe("Herald's logs: JSON lines with ids, and no configured secret in any of them", () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let uuid: string;
  let bearer: string;

  beforeAll(async () => {
    env = await openTestEnvironment('logs');
    sink = await HttpSink.start();
    // The first attempt fails, so the retry's warning (with the error and the delivery id) is logged.
    sink.respondWith((_req, i) => (i === 0 ? { status: 500, body: 'down for a moment' } : { status: 200 }));
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_LOG_FORMAT: 'json',
      HERALD_INSTANCE_NAME: 'herald-logs-1',
      HERALD_RETRY_SCHEDULE: '0,100ms',
    });
    bearer = await repoAdmin(REPOSITORY);
    const created = await api(herald.url, 'POST', `/api/v1/repository/${REPOSITORY}/notification/`, {
      token: bearer,
      body: {
        event: 'repo_push',
        method: 'webhook',
        config: { url: `${sink.url}/hooks/${URL_TOKEN}?key=${QUERY_TOKEN}` },
        eventConfig: {},
        title: 'logs',
      },
    });
    expect(created.status).toBe(201);
    uuid = (created.body as { uuid: string }).uuid;
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  it('logs a retried delivery and a dead letter as parseable lines, then nothing secret after shutdown', async () => {
    const receipt = await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never);
    await sink.waitFor(2, 30_000);
    // Not an event: parked as a dead letter, which is logged.
    await env.nc.jetstream().publish('registry.events.repo_push', new TextEncoder().encode('not json'));
    // A bad token is logged as a client error; the token must not be.
    await api(herald.url, 'GET', `/api/v1/repository/${REPOSITORY}/notification/`, { token: `${bearer}x` });
    await waitForLine(herald, /dead-lettered/);
    expect(await herald.stop()).toBe(0);

    const lines = herald
      .logs()
      .split('\n')
      .filter((l) => l.trim());
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });
    for (const line of parsed) {
      expect(line).toMatchObject({ instance: 'herald-logs-1' });
      expect(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).toContain(line.level);
      expect(Date.parse(line.time as string)).not.toBeNaN();
    }
    const retry = parsed.find((l) => String(l.msg).includes('attempt 1 failed'));
    expect(retry).toMatchObject({
      level: 'warn',
      delivery_id: `${receipt.eventId}:${uuid}`,
      event_id: receipt.eventId,
      notification_uuid: uuid,
    });

    const text = herald.logs();
    const secrets = {
      jwtSecret: TEST_JWT_SECRET,
      encryptionKey: TEST_ENCRYPTION_KEYS.split(':')[1],
      urlPathToken: URL_TOKEN,
      urlQueryToken: QUERY_TOKEN,
      bearerSignature: bearer.split('.')[2],
    };
    const found = Object.entries(secrets).filter(([, secret]) => text.includes(secret));
    expect(found).toEqual([]);
  });
});

async function waitForLine(herald: HeraldProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(herald.logs())) {
    if (Date.now() > deadline) throw new Error(`no log line matching ${pattern}:\n${herald.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
