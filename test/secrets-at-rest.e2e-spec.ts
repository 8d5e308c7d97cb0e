import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor, repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'mynamespace/repository';
const BASE = `/api/v1/repository/${REPO}/notification/`;
const OLD_KEY = `old:${Buffer.alloc(32, 3).toString('base64')}`;
const NEW_KEY = `new:${Buffer.alloc(32, 9).toString('base64')}`;
/** What must never be found in clear anywhere Herald writes. */
const SECRETS = ['pa55word-xyz', 't0ken-abc123', 's3cretpath-q9'];

/**
 * A webhook URL carrying a password, a path secret and a token: encrypted in MongoDB, masked in the API, absent from
 * JetStream's store, the history and the logs, still delivered whole, and re-encrypted by a key rotation.
 */
describe('config secrets at rest and in the API', () => {
  let env: TestEnvironment;
  let sink: HttpSink;
  let herald: HeraldProcess | undefined;
  let admin: string;
  let root: string;
  let uuid: string;
  const logs: string[] = [];

  const start = async (keys: string) => {
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_ENCRYPTION_KEYS: keys,
      HERALD_RETRY_SCHEDULE: '0,200ms,200ms',
    });
    return herald;
  };
  const stop = async () => {
    logs.push(herald?.logs() ?? '');
    await herald?.stop();
    herald = undefined;
  };
  const storedUrl = async () =>
    ((await env.db.collection('notifications').findOne({ _id: uuid as never }))?.config as { url: string }).url;

  beforeAll(async () => {
    env = await openTestEnvironment('secrets-at-rest');
    sink = await HttpSink.start();
    admin = await repoAdmin(REPO);
    root = await jwtFor('root', [], { superuser: true });
  });

  afterAll(async () => {
    await stop();
    await sink?.close();
    await env?.close();
  });

  it('encrypts the URL in MongoDB and masks it in every answer', async () => {
    const h = await start(OLD_KEY);
    const port = sink.url.split(':').pop();
    const url = `http://ci:${SECRETS[0]}@127.0.0.1:${port}/hooks/${SECRETS[2]}?token=${SECRETS[1]}`;
    const created = await api(h.url, 'POST', BASE, {
      token: admin,
      body: { event: 'repo_push', method: 'webhook', config: { url }, title: 'ci' },
    });
    expect(created.status).toBe(201);
    uuid = (created.body as { uuid: string }).uuid;
    const masked = `http://***@127.0.0.1:${port}/hooks/***`;
    expect((created.body as { config: unknown }).config).toEqual({ url: masked });
    const one = await api(h.url, 'GET', `${BASE}${uuid}`, { token: admin });
    expect((one.body as { config: unknown }).config).toEqual({ url: masked });
    const list = await api(h.url, 'GET', BASE, { token: admin });
    expect((list.body as { notifications: { config: unknown }[] }).notifications[0].config).toEqual({ url: masked });
    expect(await storedUrl()).toMatch(/^enc:v1:old:/);
  });

  it('still delivers the whole URL, and keeps a receiver echoing it out of the history', async () => {
    // The first answer echoes the token back, as receivers' error pages do.
    sink.respondWith((req, i) => (i === 0 ? { status: 500, body: `bad request ${req.path}` } : { status: 200 }));
    await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, { eventId: 'secret-1' });
    const [first, second] = await sink.waitFor(2);
    expect(first.path).toBe(`/hooks/${SECRETS[2]}?token=${SECRETS[1]}`);
    expect(second.headers.authorization).toBe(`Basic ${Buffer.from(`ci:${SECRETS[0]}`).toString('base64')}`);
    const res = await api(herald!.url, 'POST', `${BASE}${uuid}/test`, { token: admin });
    expect(res.status).toBe(200);
    await sink.waitFor(3);
  });

  it('re-encrypts every secret under the new key with one superuser command', async () => {
    await stop();
    const h = await start(`${NEW_KEY},${OLD_KEY}`);
    const denied = await api(h.url, 'POST', '/api/v1/admin/secrets/rotate', { token: admin });
    expect(denied.status).toBe(403);
    const rotated = await api(h.url, 'POST', '/api/v1/admin/secrets/rotate', { token: root });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ key_id: 'new', resealed: 1, scanned: 1 });
    expect(await storedUrl()).toMatch(/^enc:v1:new:/);
    const again = await api(h.url, 'POST', '/api/v1/admin/secrets/rotate', { token: root });
    expect(again.body).toEqual({ key_id: 'new', resealed: 0, scanned: 1 });

    // The old key can go: deliveries still open the URL.
    await stop();
    await start(NEW_KEY);
    sink.respondWith(() => ({ status: 200 }));
    const before = sink.requests.length;
    await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, { eventId: 'secret-2' });
    const reqs = await sink.waitFor(before + 1);
    expect(reqs[before].path).toBe(`/hooks/${SECRETS[2]}?token=${SECRETS[1]}`);
  });

  it('leaves no secret in clear in any collection, any stream or any log line', async () => {
    await stop();
    const found: string[] = [];
    for (const { name } of await env.db.listCollections()) {
      const dump = JSON.stringify(await env.db.collection(name).find().toArray());
      for (const s of SECRETS) if (dump.includes(s)) found.push(`collection ${name}: ${s}`);
    }
    const jsm = await env.nc.jetstreamManager();
    for await (const stream of jsm.streams.list()) {
      const { first_seq, last_seq } = stream.state;
      for (let seq = first_seq; seq <= last_seq && last_seq > 0; seq++) {
        const m = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => undefined);
        const text = m ? Buffer.from(m.data).toString() : '';
        for (const s of SECRETS) if (text.includes(s)) found.push(`stream ${stream.config.name} #${seq}: ${s}`);
      }
    }
    for (const [i, text] of logs.entries()) {
      for (const s of SECRETS) if (text.includes(s)) found.push(`log of run ${i}: ${s}`);
    }
    expect(found).toEqual([]);
  });

  it('refuses to start against an external database without a key, naming the variable', async () => {
    const failed = await start('').catch((err: Error) => err);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/HERALD_ENCRYPTION_KEYS is not set/);
  });
});
