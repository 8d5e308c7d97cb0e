import { Types } from 'mongoose';
import { EVENT_CATALOGUE, EventKind } from '@herald/events';
import { api, ApiResponse } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor, memberToken, repoAdmin } from './support/jwt.tokens';
import { SseClient } from './support/sse-client';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/** The catalogue samples' repository, so every sample published matches the notifications made here. */
const REPO = 'mynamespace/repository';
const NOTIFICATIONS = `/api/v1/repository/${REPO}/notification/`;
const INBOX = '/api/v1/user/notifications';

interface Item {
  id: string;
  kind: string;
  created: string;
  metadata: Record<string, unknown>;
  dismissed: boolean;
  organization: string | null;
  target: { kind: string; name: string };
  summary: string;
  link: string | null;
}
/** The part of a config schema the test reads. */
interface Schema {
  $schema?: string;
  type?: string;
  required?: string[];
  properties: Record<string, Schema & Record<string, unknown>>;
}
interface Page {
  notifications: Item[];
  page: number;
  has_additional: boolean;
  unread: number;
}

/**
 * The notification area end to end: Quay's in-app action (quay_notification) through the real engine, stored in the
 * database by one Herald instance and streamed live by another, the user's API, and the notice a disabled
 * notification leaves its creator. A (the stream side) does not load the quay_notification plugin, so every in-app
 * delivery is made, and stored, by B.
 */
describe('the notification area: in-app notifications, the user API and the live stream', () => {
  let env: TestEnvironment;
  let a: HeraldProcess;
  let b: HeraldProcess;
  let sink: HttpSink;
  let admin: string;
  const tokens: Record<string, string> = {};
  /** The notifications, made before A starts: A's routing index then has them from its first load. */
  const uuids: Record<string, string> = {};
  const streams: SseClient[] = [];

  const stream = async (who: string, lastEventId?: string) => {
    const s = await SseClient.open(`${a.url}${INBOX}/stream`, tokens[who], lastEventId);
    streams.push(s);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Connected: from here on the hub pushes to it.
    await s.comment('connected');
    return s;
  };
  const inbox = async (who: string, query = ''): Promise<Page> => {
    const res = await api(a.url, 'GET', `${INBOX}${query}`, { token: tokens[who] });
    expect(res.status).toBe(200);
    return res.body as Page;
  };
  const create = async (event: EventKind, config: Record<string, unknown>, method = 'quay_notification') => {
    const res = await api(b.url, 'POST', NOTIFICATIONS, { token: admin, body: { event, method, config } });
    expect(res.status).toBe(201);
    return (res.body as { uuid: string }).uuid;
  };
  const sample = (kind: EventKind) => structuredClone(EVENT_CATALOGUE[kind].sample) as never;
  /** Publishes one event and resolves once the notification's delivery of it is done (stored, for in-app ones). */
  const deliver = async (uuid: string, kind: EventKind) => {
    const outcome = await deliveryOutcomeOf(env.nc, uuid, () => env.publisher.publish(kind, sample(kind)));
    return outcome;
  };

  beforeAll(async () => {
    env = await openTestEnvironment('notification-area');
    sink = await HttpSink.start();
    // Only webhook notifications call it: the ones meant to fail for good and be disabled.
    sink.respondWith(() => ({ status: 410, body: 'gone for good' }));
    const common = {
      ...env.heraldEnv,
      HERALD_FAILURE_THRESHOLD: '1',
      HERALD_API_RATE_LIMIT: '100000',
      // The retention job every second, for the retention test.
      HERALD_HISTORY_PURGE_INTERVAL_MS: '1000',
    };
    b = await startHerald(common);
    admin = await repoAdmin(REPO, 'alice');
    tokens.alice = admin;
    // Every notification is made before A starts: a notification made on B reaches A's routing index through a domain
    // event, and an event published meanwhile could find A dispatching without it. Events for each then wait for
    // nothing but the delivery itself.
    uuids.team = await create('repo_push', { target: { kind: 'team', name: 'acme/ops' } });
    uuids.bob = await create('build_queued', { target: { kind: 'user', name: 'bob' } });
    uuids.erin = await create('build_start', { target: { kind: 'user', name: 'erin' } });
    uuids.org = await create('build_success', { target: { kind: 'org', name: 'globex' } });
    uuids.failing = await create('build_failure', { url: `${sink.url}/hook` }, 'webhook');
    // One made with an API token is its creator's.
    const minted = await api(b.url, 'POST', '/api/v1/tokens', {
      token: admin,
      body: { name: 'ci', access: [{ type: 'repository', name: REPO, actions: ['admin'] }] },
    });
    expect(minted.status).toBe(201);
    const viaToken = await api(b.url, 'POST', NOTIFICATIONS, {
      token: (minted.body as { token: string }).token,
      body: { event: 'build_cancelled', method: 'webhook', config: { url: `${sink.url}/hook` } },
    });
    expect(viaToken.status).toBe(201);
    uuids.failingViaToken = (viaToken.body as { uuid: string }).uuid;
    a = await startHerald({
      ...common,
      HERALD_PLUGINS: '@herald/plugin-webhook',
      HERALD_SSE_HEARTBEAT_MS: '300',
      HERALD_SSE_MAX_PER_ACTOR: '3',
    });

    tokens.ann = await memberToken('ann', { teams: ['acme/ops'] });
    tokens.dora = await memberToken('dora', { teams: ['acme/ops', 'acme/dev'] });
    tokens.bob = await memberToken('bob', { teams: ['acme/dev'], orgs: ['acme'] });
    tokens.erin = await memberToken('erin');
    tokens.gus = await memberToken('gus', { orgs: ['globex'] });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await sink?.close();
    await env?.close();
  });

  it('streams a team notification stored by the other instance to a member within a second, and not to a non-member', async () => {
    const annStream = await stream('ann');
    const bobStream = await stream('bob');

    const published = Date.now();
    await env.publisher.publish('repo_push', sample('repo_push'));
    const got = await annStream.next((e) => e.event === 'notification');
    const ms = got.at - published;
    console.log(`in-app notification: published on NATS to the member's stream on the other instance in ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(1000);

    const item = JSON.parse(got.data) as Item;
    expect(got.id).toBe(item.id);
    expect(item).toMatchObject({
      kind: 'repo_push',
      dismissed: false,
      organization: 'acme',
      target: { kind: 'team', name: 'acme/ops' },
      metadata: EVENT_CATALOGUE.repo_push.sample,
      summary: EVENT_CATALOGUE.repo_push.summary(sample('repo_push')),
      link: 'https://quay.io/repository/mynamespace/repository',
    });
    expect(new Date(item.created).getTime()).toBeGreaterThan(published - 60_000);

    // bob (acme/dev, org acme) is no member of acme/ops: a notification of his own, stored after, reaches him alone
    // and first, so the team's would have come before it.
    await deliver(uuids.bob, 'build_queued');
    await bobStream.next((e) => e.event === 'notification');
    expect(bobStream.notifications<Item>().map((n) => n.target)).toEqual([{ kind: 'user', name: 'bob' }]);
    expect((await inbox('bob')).notifications.map((n) => n.kind)).toEqual(['build_queued']);
    // Nor does ann see bob's.
    expect((await inbox('ann')).notifications.map((n) => n.id)).toEqual([item.id]);
    expect(annStream.notifications<Item>().map((n) => n.id)).toEqual([item.id]);

    // The stream beats while idle, so proxies keep it open.
    await annStream.comment('heartbeat');
  });

  it('keeps a dismissal per member: dismissed for ann, still new for dora, and never visible to bob', async () => {
    const [item] = (await inbox('ann')).notifications;
    expect((await inbox('ann')).unread).toBe(1);
    const dismissed = await api(a.url, 'PUT', `${INBOX}/${item.id}`, { token: tokens.ann, body: { dismissed: true } });
    expect(dismissed).toMatchObject({ status: 200, body: { id: item.id, dismissed: true } });

    const ann = await inbox('ann');
    expect(ann.notifications).toEqual([{ ...item, dismissed: true }]);
    expect(ann.unread).toBe(0);
    const dora = await inbox('dora');
    expect(dora.notifications).toEqual([{ ...item, dismissed: false }]);
    expect(dora.unread).toBe(1);
    // An id the bearer cannot see is not found, whoever stored it.
    expect(
      (await api(a.url, 'PUT', `${INBOX}/${item.id}`, { token: tokens.bob, body: { dismissed: true } })).status,
    ).toBe(404);
    // Restoring is ann's too.
    await api(a.url, 'PUT', `${INBOX}/${item.id}`, { token: tokens.ann, body: { dismissed: false } });
    expect((await inbox('ann')).unread).toBe(1);
    await api(a.url, 'PUT', `${INBOX}/${item.id}`, { token: tokens.ann, body: { dismissed: true } });
    expect((await inbox('dora')).notifications[0].dismissed).toBe(false);
  });

  it('replays what a reconnecting stream missed after its Last-Event-ID, oldest first, then streams on', async () => {
    const annStream = streams[0];
    const [first] = annStream.notifications<Item>();
    await annStream.close();
    const uuid = uuids.team;
    // Two stored while ann was away.
    await deliver(uuid, 'repo_push');
    await deliver(uuid, 'repo_push');
    const missed = (await inbox('ann')).notifications.slice(0, 2).reverse();

    const back = await stream('ann', first.id);
    await back.next((e) => e.id === missed[1].id);
    expect(back.notifications<Item>().map((n) => n.id)).toEqual(missed.map((n) => n.id));
    // And a new one after the replay arrives live.
    await deliver(uuid, 'repo_push');
    const [newest] = (await inbox('ann')).notifications;
    await back.next((e) => e.id === newest.id);
    expect(back.notifications<Item>().map((n) => n.id)).toEqual([...missed.map((n) => n.id), newest.id]);
  });

  it('stores a delivery once, however often it is delivered again', async () => {
    const uuid = uuids.erin;
    const outcome = await deliver(uuid, 'build_start');
    expect(outcome.status).toBe('delivered');
    const before = await inbox('erin');
    expect(before.notifications).toHaveLength(1);
    const again = await deliveryOutcomeOf(env.nc, uuid, async () => {
      const res = await api(b.url, 'POST', `${NOTIFICATIONS}${uuid}/deliveries/${outcome.delivery_id}/redeliver`, {
        token: admin,
      });
      expect(res.status).toBe(202);
    });
    expect(again.status).toBe('delivered');
    expect((await inbox('erin')).notifications).toEqual(before.notifications);
  });

  it('pages newest first and dismisses all at once', async () => {
    const erins = uuids.erin;
    await deliver(erins, 'build_start');
    await deliver(erins, 'build_start');
    const all = (await inbox('erin', '?limit=20')).notifications;
    expect(all).toHaveLength(3);
    const ids = all.map((n) => n.id);
    expect([...ids].sort().reverse()).toEqual(ids);

    const first = await inbox('erin', '?page=1&limit=2');
    expect(first).toMatchObject({ page: 1, has_additional: true, unread: 3 });
    expect(first.notifications.map((n) => n.id)).toEqual(ids.slice(0, 2));
    const second = await inbox('erin', '?page=2&limit=2');
    expect(second).toMatchObject({ page: 2, has_additional: false });
    expect(second.notifications.map((n) => n.id)).toEqual(ids.slice(2));

    const res = await api(a.url, 'POST', `${INBOX}/dismiss_all`, { token: tokens.erin });
    expect(res).toMatchObject({ status: 200, body: { dismissed: 3 } });
    expect(await inbox('erin')).toMatchObject({ unread: 0 });
    expect((await api(a.url, 'POST', `${INBOX}/dismiss_all`, { token: tokens.erin })).body).toEqual({ dismissed: 0 });
  });

  it('reaches every member of an organization, and nobody else', async () => {
    const uuid = uuids.org;
    const gusStream = await stream('gus');
    await deliver(uuid, 'build_success');
    const got = await gusStream.next((e) => e.event === 'notification');
    expect(JSON.parse(got.data)).toMatchObject({ organization: 'globex', target: { kind: 'org', name: 'globex' } });
    expect((await inbox('gus')).notifications.map((n) => n.kind)).toEqual(['build_success']);
    // bob is in org acme, not globex.
    expect((await inbox('bob')).notifications.map((n) => n.kind)).toEqual(['build_queued']);
  });

  it('tells the creator, on the same bell and stream, when failures disable a notification', async () => {
    const uuid = uuids.failing;
    const aliceStream = await stream('alice');
    await env.publisher.publish('build_failure', sample('build_failure'));
    const got = await aliceStream.next((e) => e.event === 'notification');
    const notice = JSON.parse(got.data) as Item;
    const log = `/console/#/repository/${REPO}/notifications/${uuid}/deliveries`;
    expect(notice).toMatchObject({
      kind: 'notification_disabled',
      target: { kind: 'user', name: 'alice' },
      organization: null,
      link: log,
      metadata: { repository: REPO, notification_uuid: uuid, title: null, method: 'webhook', delivery_log: log },
    });
    expect(notice.metadata.last_error).toMatch(/410/);
    expect(notice.summary).toMatch(/was disabled after 1 failures/);
    expect((await inbox('alice')).notifications.map((n) => n.id)).toEqual([notice.id]);
    const disabled = await api(b.url, 'GET', `${NOTIFICATIONS}${uuid}`, { token: admin });
    expect(disabled.body).toMatchObject({ number_of_failures: 1 });

    // One made with an API token is its creator's: alice is told again.
    const tokenUuid = uuids.failingViaToken;
    await env.publisher.publish('build_cancelled', sample('build_cancelled'));
    const second = await aliceStream.next(
      (e) => e.event === 'notification' && (JSON.parse(e.data) as Item).metadata.notification_uuid === tokenUuid,
    );
    expect(JSON.parse(second.data)).toMatchObject({ kind: 'notification_disabled', target: { name: 'alice' } });
  });

  it("serves every loaded plugin's config schema at GET /api/v1/methods", async () => {
    const res = await api(b.url, 'GET', '/api/v1/methods', { token: tokens.erin });
    expect(res.status).toBe(200);
    const methods = (res.body as { methods: { name: string; title: string; config_schema: Schema }[] }).methods;
    expect(methods.map((m) => m.name)).toEqual([
      'discord',
      'email',
      'flowdock',
      'hipchat',
      'quay_notification',
      'slack',
      'teams',
      'webhook',
    ]);
    const by = Object.fromEntries(methods.map((m) => [m.name, m]));
    for (const m of methods) {
      expect(m.config_schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' });
      expect(Object.keys(m.config_schema.properties).length).toBeGreaterThan(0);
      expect(m.title).not.toBe(m.name);
    }
    expect(by.webhook.title).toBe('Webhook POST');
    expect(by.webhook.config_schema.required).toEqual(['url']);
    expect(by.webhook.config_schema.properties.url).toMatchObject({ type: 'string', format: 'uri', writeOnly: true });
    expect(by.webhook.config_schema.properties).not.toHaveProperty('signing_secret');
    expect(by.email.config_schema.properties.email).toMatchObject({ format: 'email', title: 'E-mail address' });
    expect(by.quay_notification.config_schema).toMatchObject({
      required: ['target'],
      properties: {
        target: {
          type: 'object',
          required: ['kind', 'name'],
          properties: { kind: { enum: ['user', 'team', 'org'] }, name: { type: 'string' } },
        },
      },
    });
    // A lists only what it loaded.
    const onA = await api(a.url, 'GET', '/api/v1/methods', { token: tokens.erin });
    expect((onA.body as { methods: { name: string }[] }).methods.map((m) => m.name)).toEqual(['webhook']);
  });

  it('refuses what it must: 401 without a token (the stream too), 400 naming the field, 403, 404', async () => {
    const expectStatus = (res: ApiResponse, status: number, message?: RegExp) => {
      expect({ status: res.status, body: res.body }).toEqual({ status, body: res.body });
      if (message) expect((res.body as { message: string }).message).toMatch(message);
    };
    expectStatus(await api(a.url, 'GET', INBOX), 401);
    const anonymous = await SseClient.open(`${a.url}${INBOX}/stream`, undefined);
    expect(anonymous.status).toBe(401);
    await anonymous.ended;
    expectStatus(await api(a.url, 'POST', `${INBOX}/dismiss_all`), 401);
    expectStatus(await api(a.url, 'GET', '/api/v1/methods'), 401);

    expectStatus(await api(a.url, 'GET', `${INBOX}?page=0`, { token: tokens.ann }), 400, /page/);
    expectStatus(await api(a.url, 'GET', `${INBOX}?limit=x`, { token: tokens.ann }), 400, /limit/);
    const [item] = (await inbox('ann')).notifications;
    expectStatus(
      await api(a.url, 'PUT', `${INBOX}/${item.id}`, { token: tokens.ann, body: { dismissed: 'yes' } }),
      400,
      /dismissed/,
    );
    expectStatus(await api(a.url, 'PUT', `${INBOX}/not-an-id`, { token: tokens.ann, body: { dismissed: true } }), 404);
    expectStatus(
      await api(a.url, 'PUT', `${INBOX}/ffffffffffffffffffffffff`, { token: tokens.ann, body: { dismissed: true } }),
      404,
    );

    const bad = (config: unknown) =>
      api(b.url, 'POST', NOTIFICATIONS, {
        token: admin,
        body: { event: 'repo_push', method: 'quay_notification', config },
      });
    expectStatus(await bad({}), 400, /config\.target: Missing target/);
    expectStatus(await bad({ target: { kind: 'robot', name: 'x' } }), 400, /config\.target\.kind/);
    expectStatus(await bad({ target: { kind: 'team', name: 'ops' } }), 400, /config\.target\.name/);
    expectStatus(await bad({ target: { kind: 'user' } }), 400, /config\.target\.name/);
    // Only repository admins attach in-app notifications; a member's token grants nothing on the repository.
    expectStatus(
      await api(b.url, 'POST', NOTIFICATIONS, {
        token: tokens.ann,
        body: { event: 'repo_push', method: 'quay_notification', config: { target: { kind: 'user', name: 'ann' } } },
      }),
      403,
    );
    // A method that instance did not load is unknown there.
    expectStatus(
      await api(a.url, 'POST', NOTIFICATIONS, {
        token: admin,
        body: { event: 'repo_push', method: 'quay_notification', config: { target: { kind: 'user', name: 'ann' } } },
      }),
      400,
      /method "quay_notification" is unknown/,
    );
    // A malformed membership claim is refused outright, not half read.
    const malformed = await jwtFor('mallory', [], { claims: { herald_teams: ['no-slash'] } });
    expectStatus(await api(a.url, 'GET', INBOX, { token: malformed }), 401, /herald_teams/);
  });

  it('deletes notifications older than HERALD_INBOX_RETENTION_DAYS, with their dismissals', async () => {
    const old = Types.ObjectId.createFromTime(Math.floor((Date.now() - 100 * 86_400_000) / 1000));
    await env.db.collection('inbox_notifications').insertOne({
      _id: old,
      target_kind: 'user',
      target_name: 'olga',
      kind: 'repo_push',
      metadata_json: '{}',
      summary: 'old',
      link: null,
      repository: REPO,
      notification_uuid: 'n',
      delivery_id: 'old-delivery',
      created: old.getTimestamp(),
    });
    const dismissal = `${old.toHexString()}:olga`;
    await env.db.collection('inbox_dismissals').insertOne({ _id: dismissal as never, item_id: old, user: 'olga' });
    // Both instances run the job; whichever gets there first deletes it.
    const deleted = /notification area retention: 1 notifications deleted/;
    await Promise.any([a.waitForLog(deleted, 30_000), b.waitForLog(deleted, 30_000)]);
    expect(await env.db.collection('inbox_notifications').countDocuments({ _id: old })).toBe(0);
    expect(await env.db.collection('inbox_dismissals').countDocuments({ _id: dismissal as never })).toBe(0);
    // The recent ones stay.
    expect((await inbox('ann')).notifications.length).toBeGreaterThan(0);
  });

  it('holds at most HERALD_SSE_MAX_PER_ACTOR streams open for one token; one more is a 429', async () => {
    tokens.hana = await memberToken('hana');
    const open = [await stream('hana'), await stream('hana'), await stream('hana')];
    const refused = await SseClient.open(`${a.url}${INBOX}/stream`, tokens.hana);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    await refused.ended;
    // Another user is not held back by hana's.
    await stream('gus');
    await open[0].close();
  });

  it('ends a stream when its token expires', async () => {
    tokens.brief = await jwtFor('brief', [], { expiresIn: '3s' });
    const open = await stream('brief');
    await open.ended;
    expect(open.comments).toContain('connected');
  });

  // Last: it stops A.
  it('ends open streams on shutdown, so the process exits at once instead of waiting for its clients', async () => {
    const open = await stream('dora');
    const code = await a.stop('SIGTERM');
    expect(code).toBe(0);
    await open.ended;
    expect(a.logs()).not.toMatch(/\bERROR\b/);
  });
});
