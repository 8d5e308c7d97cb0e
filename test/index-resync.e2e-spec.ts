import { REPO_PUSH_SAMPLE } from '@herald/events';
import { DOMAIN_STREAM } from '@herald/transport';
import { api } from './support/api.client';
import { waitForDispatched } from './support/dispatched';
import { eventually } from './support/eventually';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { TcpGate } from './support/tcp-gate';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'mynamespace/repository';
const BASE = `/api/v1/repository/${REPO}/notification/`;
const RESYNC_MS = 2000;
const push = (i: number) => ({ ...structuredClone(REPO_PUSH_SAMPLE), herald_test_seq: i }) as never;

/** The last sequence of a `routing index caught up on sequences a..b` line of B's, or 0. */
const caughtUpTo = (logs: string): number =>
  Math.max(0, ...[...logs.matchAll(/routing index caught up on sequences \d+\.\.(\d+)/g)].map((m) => Number(m[1])));

/**
 * Instance B loses its NATS connection (a TCP gate in front of nats-server is cut) while notifications are created,
 * re-enabled and deleted through instance A, so B's live subscription misses every one of those domain events. Once
 * its connection is back, B's periodic resync must catch up from the domain stream: with A stopped, B alone routes
 * the next events, to exactly the notifications that exist and are enabled.
 */
describe('the routing index catches up on changes it missed, from the domain stream', () => {
  let env: TestEnvironment;
  let gate: TcpGate;
  let a: HeraldProcess;
  let b: HeraldProcess;
  let sink: HttpSink;
  let deleted: string;
  let reset: string;

  beforeAll(async () => {
    env = await openTestEnvironment('index-resync');
    sink = await HttpSink.start();
    const nats = new URL(env.natsUrl.replace(/^nats:/, 'http:'));
    gate = await TcpGate.start(nats.hostname, Number(nats.port));
    const heraldEnv = {
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_INDEX_RESYNC_MS: String(RESYNC_MS),
      HERALD_FAILURE_THRESHOLD: '3',
      HERALD_LOG_LEVEL: 'debug',
    };
    // Both instances load these at boot: one to delete, one disabled by three failures, to re-enable.
    const webhook = (path: string) => ({
      repository: REPO,
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${sink.url}/${path}` },
    });
    deleted = await insertNotification(env.db, webhook('deleted'));
    reset = await insertNotification(env.db, webhook('reset'));
    await env.db.collection('notifications').updateOne({ _id: reset as never }, { $set: { number_of_failures: 3 } });
    a = await startHerald(heraldEnv);
    b = await startHerald({ ...heraldEnv, HERALD_NATS_URL: `nats://127.0.0.1:${gate.port}` });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await gate?.close();
    await sink?.close();
    await env?.close();
  });

  it('routes per the creates, resets and deletes B never heard of', async () => {
    const token = await repoAdmin(REPO);
    const create = async (path: string) => {
      const res = await api(a.url, 'POST', BASE, {
        token,
        body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/${path}` } },
      });
      expect(res.status).toBe(201);
      return (res.body as { uuid: string }).uuid;
    };
    const jsm = await env.nc.jetstreamManager();
    const before = (await jsm.streams.info(DOMAIN_STREAM)).state.last_seq;

    gate.cut();
    const created = await create('created');
    expect((await api(a.url, 'POST', `${BASE}${reset}`, { token })).status).toBe(204);
    expect((await api(a.url, 'DELETE', `${BASE}${deleted}`, { token })).status).toBe(204);
    const last = (await jsm.streams.info(DOMAIN_STREAM)).state.last_seq;
    // Three changes, each a stored domain event that B's subscription did not get.
    expect(last - before).toBeGreaterThanOrEqual(3);
    gate.open();

    await eventually(() => expect(caughtUpTo(b.logs())).toBeGreaterThanOrEqual(last), 60_000);
    await a.stop();
    for (let i = 0; i < 3; i++) await env.publisher.publish('repo_push', push(i));
    // B dispatches once A's pin on the dispatcher has lapsed; everything it matched is then in the lanes.
    await waitForDispatched([b.url], 3, 90_000);
    await sink.waitFor(6);
    const byPath = (path: string) => sink.requests.filter((r) => r.path === `/${path}`).length;
    expect({ created: byPath('created'), reset: byPath('reset'), deleted: byPath('deleted') }).toEqual({
      created: 3,
      reset: 3,
      deleted: 0,
    });
    expect(created).toMatch(/^[0-9a-f-]{36}$/);
  }, 240_000);
});
