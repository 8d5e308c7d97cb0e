import { randomUUID } from 'node:crypto';
import { HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import {
  checkActionPluginContract,
  configureOutboundPolicy,
  DeliveryRequest,
  parseOutboundPolicy,
  rememberPayloadJson,
  validateConfig,
} from '@herald/plugin-sdk';
import { HttpSink } from '../../../test/support/http-sink';
import { WebhookConfig } from './webhook-config.dto';
import { WebhookPlugin } from './webhook.plugin';

const NOW = { repository: 'mynamespace/repository', actorId: 'admin' };

describe('WebhookPlugin', () => {
  let sink: HttpSink;
  const plugin = new WebhookPlugin();

  beforeAll(async () => {
    sink = await HttpSink.start();
  });
  afterAll(() => sink.close());
  beforeEach(() => configureOutboundPolicy(parseOutboundPolicy('127.0.0.1')));
  afterEach(() => configureOutboundPolicy(parseOutboundPolicy(undefined)));

  /** The registry's text, with spacing of its own, so a re-encoded body would show. */
  function request(config: Partial<WebhookConfig>): DeliveryRequest<WebhookConfig> {
    const text = JSON.stringify({ ...REPO_PUSH_SAMPLE, extra: { n: 1.5 } }, null, 1);
    const payload = JSON.parse(text) as Record<string, unknown>;
    rememberPayloadJson(payload, text);
    const uuid = randomUUID();
    return {
      deliveryId: `evt-1:${uuid}`,
      eventId: 'evt-1',
      event: 'repo_push',
      payload,
      notification: {
        uuid,
        repository: 'mynamespace/repository',
        event: 'repo_push',
        method: 'webhook',
        config: { ...config, url: `${sink.url}/hook` } as WebhookConfig,
        event_config: {},
        title: null,
      },
      attempt: 1,
      test: false,
    };
  }

  async function deliver(config: Partial<WebhookConfig>) {
    const req = request(config);
    const before = sink.requests.length;
    const outcome = await plugin.deliver(req, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
    expect(outcome).toMatchObject({ status: 'delivered' });
    return { req, got: (await sink.waitFor(before + 1))[before] };
  }

  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      plugin,
      configFor: (baseUrl) => ({ url: `${baseUrl}/hook`, headers: { Authorization: 'Bearer t0ken' } }),
      invalidConfigs: [
        { config: {}, field: 'url' },
        { config: { url: 'ftp://example.com/x' }, field: 'url' },
        { config: { url: 42 }, field: 'url' },
        { config: { url: 'https://example.com/x', template: '{"a": ' }, field: 'template' },
        { config: { url: 'https://example.com/x', format: 'xml' }, field: 'format' },
        { config: { url: 'https://example.com/x', headers: { 'X-A': 'a\r\nX-B: b' } }, field: 'headers' },
        { config: { url: 'https://example.com/x', signing: 'yes' }, field: 'signing' },
        { config: { url: 'https://example.com/x', signing_secret: 'whsec_mine' }, field: 'signing_secret' },
      ],
    });
    expect(problems).toEqual([]);
  });

  it("sends the registry's own bytes by default, with the custom headers", async () => {
    const { req, got } = await deliver({ headers: { Authorization: 'Bearer t0ken', 'X-Team': 'ops' } });
    expect(got.body).toBe(JSON.stringify({ ...REPO_PUSH_SAMPLE, extra: { n: 1.5 } }, null, 1));
    expect(got.headers).toMatchObject({
      authorization: 'Bearer t0ken',
      'x-team': 'ops',
      'content-type': 'application/json',
      'x-herald-delivery': req.deliveryId,
    });
    expect(got.headers['webhook-signature']).toBeUndefined();
  });

  it('renders the template as the body', async () => {
    const { got } = await deliver({
      template: '{"text": "pushed to ${repository}: ${docker_url}", "raw": "${extra}"}',
    });
    expect(JSON.parse(got.body)).toEqual({
      text: `pushed to mynamespace/repository: ${REPO_PUSH_SAMPLE.docker_url}`,
      raw: { n: 1.5 },
    });
  });

  it('signs by the Standard Webhooks spec with the secret prepareConfig generates', async () => {
    const prepared = await plugin.prepareConfig({ url: 'https://example.com', signing: true });
    expect(prepared.reveal).toEqual(['signing_secret']);
    const secret = prepared.config.signing_secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { req, got } = await deliver(prepared.config as unknown as WebhookConfig);
    expect(got.headers['webhook-id']).toBe(req.deliveryId);
    expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    const other = (await plugin.prepareConfig({ url: 'https://example.com', signing: true })).config.signing_secret;
    expect(() => new Webhook(other as string).verify(got.body, got.headers as Record<string, string>)).toThrow();
  });

  it('signs with both secrets during the overlap after a rotation, and with the new one after it', async () => {
    const first = (await plugin.prepareConfig({ url: 'https://example.com', signing: true }))
      .config as unknown as WebhookConfig;
    const rotated = await plugin.rotateSecrets(first, { ...NOW, now: new Date() });
    if ('errors' in rotated) throw new Error(rotated.errors.join());
    const config = rotated.config as unknown as WebhookConfig;
    expect(config.signing_secret).not.toBe(first.signing_secret);
    expect(config.signing_secret_previous).toBe(first.signing_secret);
    const { got } = await deliver(config);
    expect((got.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const secret of [first.signing_secret, config.signing_secret]) {
      expect(() => new Webhook(secret as string).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    }
    const later = await deliver({
      ...config,
      signing_secret_previous_expires_at: new Date(Date.now() - 1).toISOString(),
    });
    expect((later.got.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
    expect(() =>
      new Webhook(first.signing_secret as string).verify(later.got.body, later.got.headers as Record<string, string>),
    ).toThrow();
  });

  it('refuses to rotate a notification that does not sign', async () => {
    expect(await plugin.rotateSecrets({ url: 'https://example.com' }, { ...NOW, now: new Date() })).toEqual({
      errors: [expect.stringMatching(/^config\.signing: /)],
    });
  });

  it('sends a structured CloudEvent whose data is the registry bytes verbatim', async () => {
    const { req, got } = await deliver({ format: 'cloudevents', signing: true, signing_secret: 'whsec_c2VjcmV0' });
    expect(got.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(got.body).toContain(`"data":${JSON.stringify({ ...REPO_PUSH_SAMPLE, extra: { n: 1.5 } }, null, 1)}}`);
    const event = HTTP.toEvent({ headers: got.headers, body: got.body });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'io.quay.repo_push',
      source: 'mynamespace/repository',
      id: req.deliveryId,
      datacontenttype: 'application/json',
      data: { ...REPO_PUSH_SAMPLE, extra: { n: 1.5 } },
    });
    // The signature covers the bytes sent, envelope included.
    expect(() => new Webhook('whsec_c2VjcmV0').verify(got.body, got.headers as Record<string, string>)).not.toThrow();
  });

  it('refuses a template with the cloudevents format at creation', async () => {
    expect(await plugin.checkConfig({ url: 'http://127.0.0.1/', format: 'cloudevents', template: '{}' })).toEqual([
      expect.stringMatching(/^config\.format: /),
    ]);
  });
});

describe('WebhookConfig headers', () => {
  it.each([
    [{ Host: 'evil' }, /"Host" is set by Herald/],
    [{ 'Content-Length': '1' }, /"Content-Length" is set by Herald/],
    [{ 'Transfer-Encoding': 'chunked' }, /set by Herald/],
    [{ Connection: 'close' }, /set by Herald/],
    [{ 'X-Herald-Event': 'x' }, /set by Herald/],
    [{ 'Webhook-Signature': 'v1,x' }, /set by Herald/],
    [{ 'Bad Name': 'x' }, /not a valid header name/],
    [{ 'X-A': 'line\nbreak' }, /control character/],
    [{ 'X-A': 'nul\0' }, /control character/],
    [{ 'X-A': 3 }, /must be a string/],
    [{ 'x-a': '1', 'X-A': '2' }, /given twice/],
    [['Authorization: x'], /must be an object/],
  ])('refuses %p', (headers, problem) => {
    const { errors } = validateConfig(WebhookConfig, { url: 'https://example.com', headers });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^config\.headers: /);
    expect(errors[0]).toMatch(problem);
  });

  it('accepts ordinary headers', () => {
    const headers = { Authorization: 'Bearer abc', 'X-Api-Key': 'k e y\tv' };
    expect(validateConfig(WebhookConfig, { url: 'https://example.com', headers }).errors).toEqual([]);
  });
});
