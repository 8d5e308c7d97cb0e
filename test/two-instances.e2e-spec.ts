import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { dispatchedEvents, waitForDispatched } from './support/dispatched';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const EVENTS = 12;
const push = (i: number) => ({ ...structuredClone(REPO_PUSH_SAMPLE), herald_test_seq: i }) as never;

describe('two Herald instances side by side', () => {
  let env: TestEnvironment;
  let a: HeraldProcess;
  let b: HeraldProcess;
  let sink: HttpSink;

  beforeAll(async () => {
    env = await openTestEnvironment('two-instances');
    sink = await HttpSink.start();
    // A long resync period proves propagation comes from the domain events, not from the safety net.
    const heraldEnv = { ...env.heraldEnv, HERALD_JWT_SECRET: TEST_JWT_SECRET, HERALD_INDEX_RESYNC_MS: '3600000' };
    [a, b] = await Promise.all([startHerald(heraldEnv), startHerald(heraldEnv)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sink?.close();
    await env?.close();
  });

  it('share the work, deliver each event once, and follow creates and deletes made on the other instance', async () => {
    const token = await repoAdmin('mynamespace/repository');
    const created = await api(a.url, 'POST', '/api/v1/repository/mynamespace/repository/notification/', {
      token,
      body: { event: 'repo_push', method: 'webhook', config: { url: sink.url } },
    });
    expect(created.status).toBe(201);
    const uuid = (created.body as { uuid: string }).uuid;

    // Either instance may take any event: all arriving proves B learnt of the notification created on A.
    for (let i = 0; i < EVENTS; i++) await env.publisher.publish('repo_push', push(i));
    await sink.waitFor(EVENTS);
    await waitForDispatched([a.url, b.url], EVENTS);
    const seqs = sink.bodies().map((body) => (body as { herald_test_seq: number }).herald_test_seq);
    expect(seqs.sort((x, y) => x - y)).toEqual([...Array(EVENTS).keys()]);

    const [eventsA, eventsB] = await Promise.all([dispatchedEvents(a.url), dispatchedEvents(b.url)]);
    expect(eventsA + eventsB).toBe(EVENTS);

    expect(
      (await api(b.url, 'DELETE', `/api/v1/repository/mynamespace/repository/notification/${uuid}`, { token })).status,
    ).toBe(204);
    for (let i = EVENTS; i < 2 * EVENTS; i++) await env.publisher.publish('repo_push', push(i));
    // Every later event dispatched (none to the deleted notification), and none of them delivered.
    await waitForDispatched([a.url, b.url], 2 * EVENTS);
    expect(sink.requests).toHaveLength(EVENTS);
    const afterDelete = await Promise.all([dispatchedEvents(a.url), dispatchedEvents(b.url)]);
    expect(afterDelete[0] + afterDelete[1]).toBe(2 * EVENTS);
  });
});
