import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink, ReceivedRequest, SinkResponse } from './support/http-sink';
import { jwtFor, TEST_JWT_SECRET } from './support/jwt.tokens';
import { makeTestPki, TestPki } from './support/test-pki';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

interface Created {
  uuid: string;
  config: Record<string, unknown>;
}

/**
 * The webhook's options through the built Herald, real NATS and FerretDB, and real receivers on loopback (HTTP, and
 * HTTPS requiring a client certificate): each receiver checks the exact bytes and headers it gets.
 */
describe('webhook options: template, headers, signing, CloudEvents, client certificates', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let token: string;
  let pki: TestPki;
  let rogue: TestPki;
  let dir: string;
  let counter = 0;
  const sinks: HttpSink[] = [];

  beforeAll(async () => {
    env = await openTestEnvironment('webhook-options');
    pki = await makeTestPki('herald', 'herald-webhooks');
    rogue = await makeTestPki('rogue');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-webhook-tls-'));
    const file = (name: string, pem: string) => {
      fs.writeFileSync(path.join(dir, name), pem);
      return path.join(dir, name);
    };
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_RETRY_SCHEDULE: '300ms,600ms,900ms',
      HERALD_WEBHOOK_CLIENT_CERT: file('client.pem', pki.client.cert),
      HERALD_WEBHOOK_CLIENT_KEY: file('client-key.pem', pki.client.key),
      HERALD_WEBHOOK_CA: file('ca.pem', pki.ca.cert),
    });
    token = await jwtFor('hooks-admin', [{ type: 'namespace', name: 'hooks', actions: ['admin'] }]);
  });

  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    await herald?.stop();
    await env?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sink(script?: (index: number) => SinkResponse, tls?: Parameters<typeof HttpSink.start>[0]) {
    const s = await HttpSink.start(tls);
    sinks.push(s);
    if (script) s.respondWith((_req, i) => script(i));
    return s;
  }

  /** A repository of its own per notification, so no test sees another's events. */
  async function create(config: Record<string, unknown>) {
    const repository = `hooks/r${++counter}`;
    const res = await api(herald.url, 'POST', `/api/v1/repository/${repository}/notification/`, {
      token,
      body: { event: 'repo_push', method: 'webhook', config },
    });
    expect(res).toMatchObject({ status: 201 });
    const created = res.body as Created;
    const base = `/api/v1/repository/${repository}/notification/${created.uuid}`;
    return { repository, created, base };
  }

  /** Publishes a push for the repository as the registry's own text, with spacing of its own; returns that text. */
  async function publish(repository: string, id: string): Promise<string> {
    const [namespace, name] = repository.split('/');
    const text = JSON.stringify({ ...REPO_PUSH_SAMPLE, repository, namespace, name, extra: { n: 1.5 } }, null, 2);
    await env.nc.jetstream().publish('registry.events.repo_push', new TextEncoder().encode(text), { msgID: id });
    return text;
  }

  const headersOf = (r: ReceivedRequest) => r.headers as Record<string, string>;

  it('renders the template, sends the custom headers, keeps them secret, and retries a 5xx', async () => {
    const receiver = await sink((i) => (i === 0 ? { status: 500, body: 'down' } : { status: 200 }));
    const template = '{"text": "${repository} pushed", "tags": "${updated_tags}", "missing": "${nope} here"}';
    const { repository, created, base } = await create({
      url: `${receiver.url}/hook`,
      template,
      headers: { Authorization: 'Bearer e2e-t0ken-value', 'X-Team': 'registry' },
    });
    expect(created.config.headers).toEqual({ Authorization: '***', 'X-Team': '***' });
    const stored = await env.db.collection('notifications').findOne({ _id: created.uuid as never });
    expect((stored?.config as { headers: Record<string, string> }).headers.Authorization).toMatch(/^enc:v1:/);
    const shown = await api(herald.url, 'GET', base, { token });
    expect((shown.body as Created).config.headers).toEqual({ Authorization: '***', 'X-Team': '***' });

    await publish(repository, `tpl-${counter}`);
    const [first, second] = await receiver.waitFor(2);
    const expected = JSON.stringify({
      text: `${repository} pushed`,
      tags: REPO_PUSH_SAMPLE.updated_tags,
      missing: '(none) here',
    });
    for (const r of [first, second]) {
      expect(r.body).toBe(expected);
      expect(r.headers).toMatchObject({
        authorization: 'Bearer e2e-t0ken-value',
        'x-team': 'registry',
        'content-type': 'application/json',
      });
    }
    expect(second.headers['x-herald-delivery']).toBe(first.headers['x-herald-delivery']);
  });

  it('refuses bad templates and headers at creation with a 400 naming the field', async () => {
    const bad = async (config: Record<string, unknown>) =>
      api(herald.url, 'POST', '/api/v1/repository/hooks/bad/notification/', {
        token,
        body: { event: 'repo_push', method: 'webhook', config: { url: 'http://127.0.0.1:9/x', ...config } },
      });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ template: '{"a": ' }, /config\.template: not a JSON document/],
      [{ template: '{"a": "${x[}"}' }, /config\.template: invalid JSONPath expression/],
      [{ headers: { 'X-A': 'one\r\nX-B: two' } }, /config\.headers: .*control character/],
      [{ headers: { Host: 'elsewhere' } }, /config\.headers: "Host" is set by Herald/],
      [{ headers: { 'Content-Length': '0' } }, /config\.headers: "Content-Length" is set by Herald/],
      [{ signing_secret: 'whsec_chosen' }, /config\.signing_secret: is generated by Herald/],
      [{ format: 'cloudevents', template: '{}' }, /config\.format: /],
    ];
    for (const [config, message] of cases) {
      const res = await bad(config);
      expect({ config, status: res.status }).toEqual({ config, status: 400 });
      expect((res.body as { message: string }).message).toMatch(message);
    }
  });

  it('signs by Standard Webhooks with a secret shown once, also on the retry, and with both secrets after a rotation', async () => {
    const receiver = await sink((i) => (i === 0 ? { status: 503, body: 'busy' } : { status: 204 }));
    const { repository, created, base } = await create({ url: `${receiver.url}/signed`, signing: true });
    const secret = created.config.signing_secret as string;
    expect(secret).toMatch(/^whsec_/);
    const shown = await api(herald.url, 'GET', base, { token });
    expect((shown.body as Created).config).toMatchObject({ signing: true, signing_secret: '***' });

    await publish(repository, `sig-${counter}-1`);
    const [first, retry] = await receiver.waitFor(2);
    for (const r of [first, retry]) {
      expect(new Webhook(secret).verify(r.body, headersOf(r))).toMatchObject({ repository });
      expect(r.headers['webhook-id']).toBe(r.headers['x-herald-delivery']);
    }
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);

    const rotated = await api(herald.url, 'POST', `${base}/rotate-secret`, { token });
    expect(rotated.status).toBe(200);
    const config = (rotated.body as Created).config;
    const next = config.signing_secret as string;
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    expect(config.signing_secret_previous).toBe('***');
    expect(Date.parse(config.signing_secret_previous_expires_at as string)).toBeGreaterThan(Date.now());
    const after = await api(herald.url, 'GET', base, { token });
    expect((after.body as Created).config).toMatchObject({ signing_secret: '***', signing_secret_previous: '***' });

    await publish(repository, `sig-${counter}-2`);
    const third = (await receiver.waitFor(3))[2];
    expect((third.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const s of [secret, next]) expect(() => new Webhook(s).verify(third.body, headersOf(third))).not.toThrow();

    const logs = await api(herald.url, 'GET', `/api/v1/repository/${repository}/logs`, { token });
    expect((logs.body as { logs: { kind: string }[] }).logs.map((l) => l.kind)).toContain(
      'rotate_repo_notification_secret',
    );
  });

  it('refuses to rotate a notification that does not sign (400 naming config.signing)', async () => {
    const receiver = await sink();
    const { base } = await create({ url: `${receiver.url}/plain` });
    const res = await api(herald.url, 'POST', `${base}/rotate-secret`, { token });
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toMatch(/config\.signing: /);
  });

  it("sends a structured CloudEvent whose data is the registry's bytes, for events and test notifications", async () => {
    const receiver = await sink();
    const { repository, created, base } = await create({ url: `${receiver.url}/ce`, format: 'cloudevents' });
    const text = await publish(repository, `ce-${counter}`);
    const [got] = await receiver.waitFor(1);
    expect(got.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(got.body.endsWith(`,"data":${text}}`)).toBe(true);
    const event = HTTP.toEvent({ headers: got.headers, body: got.body });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'io.quay.repo_push',
      source: repository,
      id: got.headers['x-herald-delivery'],
      subject: created.uuid,
      datacontenttype: 'application/json',
      data: JSON.parse(text),
    });

    const tested = await api(herald.url, 'POST', `${base}/test`, { token });
    expect(tested.status).toBe(200);
    const [, sample] = await receiver.waitFor(2);
    expect(HTTP.toEvent({ headers: sample.headers, body: sample.body })).toMatchObject({ type: 'io.quay.repo_push' });
  });

  it('presents the deployment client certificate to an HTTPS receiver that requires it', async () => {
    const receiver = await sink(undefined, {
      cert: pki.server.cert,
      key: pki.server.key,
      ca: pki.ca.cert,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const { repository } = await create({ url: `${receiver.url}/mtls` });
    const text = await publish(repository, `mtls-${counter}`);
    const [got] = await receiver.waitFor(1);
    expect(got.clientCertCn).toBe('herald-webhooks');
    expect(got.body).toBe(text);
  });

  it('refuses a server whose certificate the CA bundle does not sign: a tls error, retried', async () => {
    const receiver = await sink(undefined, { cert: rogue.server.cert, key: rogue.server.key });
    const { repository, created, base } = await create({ url: `${receiver.url}/rogue` });
    const id = `rogue-${counter}`;
    const outcome = await deliveryOutcomeOf(env.nc, created.uuid, () => publish(repository, id));
    expect(outcome).toMatchObject({ attempt: 1, http_status: null });
    expect(outcome.status).not.toBe('delivered');
    const delivery = await api(herald.url, 'GET', `${base}/deliveries/${encodeURIComponent(outcome.delivery_id)}`, {
      token,
    });
    const attempts = (delivery.body as { attempts: { outcome: string; error_class: string | null }[] }).attempts;
    expect(attempts[0]).toMatchObject({ outcome: 'retry', error_class: 'tls' });
    expect(receiver.requests).toHaveLength(0);
  });
});
