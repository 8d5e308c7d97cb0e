import { gunzipSync } from 'node:zlib';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { DOMAIN_STREAM, INDEX_SNAPSHOT_BUCKET } from '@herald/transport';
import { api } from './support/api.client';
import { waitForDispatched } from './support/dispatched';
import { eventually } from './support/eventually';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { repoAdmin } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'mynamespace/repository';
const BASE = `/api/v1/repository/${REPO}/notification/`;
const SNAPSHOT = 'routing-index';
const push = (i: number) => ({ ...structuredClone(REPO_PUSH_SAMPLE), herald_test_seq: i }) as never;

interface IndexHealth {
  source: 'snapshot' | 'scan';
  reason?: string;
  notifications: number;
  /** Notifications re-read on top of the snapshot (its catch-up). */
  reread?: number;
}

const indexOf = async (h: HeraldProcess) => ((await api(h.url, 'GET', '/health')).body as { index: IndexHealth }).index;

/**
 * The routing index boots from the snapshot the last full rebuild stored in the HERALD_INDEX bucket, then catches up
 * on the domain stream: whatever changed while an instance was down (created, re-enabled, disabled, deleted through
 * another instance) routes as the database says. A snapshot it cannot trust (corrupt, or older than what the domain
 * stream still holds) costs the full scan instead, with the same routing.
 */
describe('the routing index boots from its snapshot', () => {
  let env: TestEnvironment;
  let sink: HttpSink;
  let a: HeraldProcess | undefined;
  let b: HeraldProcess | undefined;
  let token: string;
  /** Sink paths that must get each event once the changes are in; every other path must get nothing. */
  const routed = new Set<string>();
  let heraldEnv: Record<string, string>;

  const webhook = (path: string) => ({
    repository: REPO,
    event: 'repo_push',
    method: 'webhook',
    config: { url: `${sink.url}/${path}` },
  });

  const create = async (on: HeraldProcess, path: string, extra: Record<string, unknown> = {}) => {
    const res = await api(on.url, 'POST', BASE, {
      token,
      body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/${path}` }, ...extra },
    });
    expect(res.status).toBe(201);
    return (res.body as { uuid: string }).uuid;
  };

  /** Publishes events while only `on` runs, and returns how many requests each sink path got from them. */
  async function route(on: HeraldProcess, events: number, retries = 0): Promise<Record<string, number>> {
    const before = sink.requests.length;
    const seq = Date.now();
    for (let i = 0; i < events; i++) await env.publisher.publish('repo_push', push(seq + i));
    await waitForDispatched([on.url], events, 90_000);
    await sink.waitFor(before + routed.size * events + retries, 60_000);
    const counts: Record<string, number> = {};
    for (const r of sink.requests.slice(before)) counts[r.path.slice(1)] = (counts[r.path.slice(1)] ?? 0) + 1;
    return counts;
  }

  const expected = (events: number) => Object.fromEntries([...routed].sort().map((p) => [p, events]));

  const storedSnapshot = async () => {
    const os = await env.nc.jetstream().views.os(INDEX_SNAPSHOT_BUCKET);
    const blob = await os.getBlob(SNAPSHOT);
    return blob ? gunzipSync(blob).toString() : undefined;
  };

  /** The snapshot a rebuild stores after the instance is ready, once it holds `notifications` (header and trailer too). */
  const snapshotOf = (notifications: number) =>
    eventually(async () => {
      const text = (await storedSnapshot().catch(() => undefined)) ?? '';
      expect(text.trim().split('\n')).toHaveLength(notifications + 2);
      return text;
    });

  beforeAll(async () => {
    env = await openTestEnvironment('index-snapshot');
    sink = await HttpSink.start();
    sink.respondWith((req) => (req.path === '/fail' ? { status: 500, body: 'no' } : { status: 200, body: 'ok' }));
    token = await repoAdmin(REPO);
    heraldEnv = {
      ...env.heraldEnv,
      // One failed delivery (two attempts) disables a notification.
      HERALD_FAILURE_THRESHOLD: '1',
      HERALD_RETRY_SCHEDULE: '100ms',
      HERALD_LOG_LEVEL: 'debug',
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sink?.close();
    await env?.close();
  });

  it('restarts from the snapshot and routes per the changes made meanwhile on another instance', async () => {
    // Stored before any instance ran, the webhook URLs (secrets) in clear, as before encryption existed.
    const kept = await insertNotification(env.db, webhook('kept'));
    const toDelete = await insertNotification(env.db, webhook('deleted'));
    const toReset = await insertNotification(env.db, webhook('reset'));
    await env.db.collection('notifications').updateOne({ _id: toReset as never }, { $set: { number_of_failures: 1 } });
    const toDisable = await insertNotification(env.db, webhook('fail'));
    routed.add('kept');

    a = await startHerald(heraldEnv);
    expect(await indexOf(a)).toMatchObject({ source: 'scan', reason: 'none stored', notifications: 4 });
    const text = await snapshotOf(4);
    await a.waitForLog(/routing index snapshot stored: 4 notification\(s\), \d+ bytes/);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'herald-routing-index', version: 1 });
    expect(lines.slice(1, 5).map((l) => (JSON.parse(l) as { uuid: string }).uuid)).toContain(kept);
    // The URLs stored in clear went out sealed: no secret reaches NATS in clear.
    expect(text).not.toContain(sink.url);
    await a.stop();

    b = await startHerald(heraldEnv);
    expect((await indexOf(b)).source).toBe('snapshot');
    routed.add('created');
    await create(b, 'created', { eventConfig: { 'tag-regex': '^latest$' } });
    await create(b, 'filtered', { eventConfig: { 'tag-regex': '^other$' } });
    routed.add('unordered');
    await create(b, 'unordered', { ordering: 'none', max_in_flight: 4 });
    expect((await api(b.url, 'POST', `${BASE}${toReset}`, { token })).status).toBe(204);
    routed.add('reset');
    expect((await api(b.url, 'DELETE', `${BASE}${toDelete}`, { token })).status).toBe(204);
    // One event on B disables /fail (tried twice) and reaches everything else once.
    routed.add('fail');
    expect(await route(b, 1, 1)).toEqual({ ...expected(1), fail: 2 });
    routed.delete('fail');
    await eventually(async () => {
      const got = (await api(b!.url, 'GET', `${BASE}${toDisable}`, { token })).body as { number_of_failures: number };
      expect(got.number_of_failures).toBe(1);
    }, 30_000);

    a = await startHerald(heraldEnv);
    const index = await indexOf(a);
    expect(index).toMatchObject({ source: 'snapshot', notifications: 6 });
    // What changed while it was down was re-read on top of the snapshot.
    expect(index.reread).toBeGreaterThan(0);
    await a.waitForLog(/routing index loaded from the snapshot of .*: 6 notification\(s\), [1-9]\d* re-read/);
    await b.stop();
    b = undefined;
    expect(await route(a, 2)).toEqual(expected(2));
  }, 300_000);

  it('scans the database when the snapshot is corrupt, and routes the same', async () => {
    await a!.stop();
    const os = await env.nc.jetstream().views.os(INDEX_SNAPSHOT_BUCKET);
    await os.putBlob({ name: SNAPSHOT }, new TextEncoder().encode('not gzip at all'));
    a = await startHerald(heraldEnv);
    const index = await indexOf(a);
    expect(index.source).toBe('scan');
    expect(index.reason).toMatch(/^unreadable: /);
    await a.waitForLog(/routing index: not from the snapshot \(unreadable: .*\), scanning the database/);
    expect(await route(a, 1)).toEqual(expected(1));
    // The scan stored a sound snapshot again.
    expect(JSON.parse((await snapshotOf(6)).split('\n')[0])).toMatchObject({ format: 'herald-routing-index' });
    await a.waitForLog(/routing index snapshot stored: 6 notification\(s\)/);
  }, 180_000);

  it('scans the database when the domain stream no longer holds the changes since the snapshot', async () => {
    await a!.stop();
    a = undefined;
    b = await startHerald(heraldEnv);
    expect((await indexOf(b)).source).toBe('snapshot');
    routed.add('after-purge');
    await create(b, 'after-purge');
    await b.stop();
    b = undefined;
    // The change is on the stream after the snapshot's sequence; the purge removes it, as aging out would.
    await (await env.nc.jetstreamManager()).streams.purge(DOMAIN_STREAM);
    a = await startHerald(heraldEnv);
    expect(await indexOf(a)).toMatchObject({
      source: 'scan',
      reason: 'changes aged out of the domain stream',
      notifications: 7,
    });
    expect(await route(a, 1)).toEqual(expected(1));
  }, 180_000);
});
