import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api, ApiResponse } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HeraldProcess, startHerald } from './support/herald.process';
import { repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { SmtpSink } from './support/smtp-sink';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'acme/web';
const BASE = `/api/v1/repository/${REPO}`;
/** Where the mailed links point; the test follows them to the running Herald with the same path and query. */
const PUBLIC_URL = 'https://herald.example.test/herald';

const PUSH = {
  ...structuredClone(REPO_PUSH_SAMPLE),
  repository: REPO,
  namespace: 'acme',
  name: 'web',
  docker_url: 'quay.io/acme/web',
  homepage: 'https://quay.io/repository/acme/web?tab=<tags>',
  updated_tags: { latest: 'b750fe79269d', 'v1.2': 'c0ffee' },
};

describe('email: authorized addresses, then mail through a real SMTP server on loopback', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let smtp: SmtpSink;
  let token: string;

  const call = (verb: string, path: string, body?: unknown): Promise<ApiResponse> =>
    api(herald.url, verb, path, { token, body });

  /** Opens a mailed link on the running Herald: the link's own path and query, Herald's address. */
  async function follow(link: string): Promise<{ status: number; text: string; type: string | null }> {
    const { pathname, search } = new URL(link);
    const res = await fetch(`${herald.url}${pathname.replace(/^\/herald/, '')}${search}`);
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }

  /** Asks for the address, reads the mail the SMTP server got, and returns the link in it. */
  async function requestLink(address: string): Promise<string> {
    const asked = await call('POST', `${BASE}/authorizedemail/${encodeURIComponent(address)}`);
    expect(asked).toMatchObject({
      status: 200,
      body: { email: address, repository: 'web', namespace: 'acme', confirmed: false },
    });
    const mail = await smtp.mailTo(address, `Herald: Please verify your e-mail address for repository ${REPO}`);
    const link = /(https:\/\/\S+authrepoemail\?code=[\w-]+)/.exec(mail.parsed.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(mail.parsed.html).toContain(`href="${link}"`);
    return link as string;
  }

  async function authorize(address: string): Promise<void> {
    const page = await follow(await requestLink(address));
    expect(page.status).toBe(200);
  }

  async function createEmailNotification(address: string, title: string): Promise<string> {
    const res = await call('POST', `${BASE}/notification/`, {
      event: 'repo_push',
      method: 'email',
      config: { email: address },
      eventConfig: {},
      title,
    });
    expect(res).toMatchObject({ status: 201 });
    return (res.body as { uuid: string }).uuid;
  }

  beforeAll(async () => {
    env = await openTestEnvironment('email-delivery');
    smtp = await SmtpSink.start();
    herald = await startHerald({
      ...env.heraldEnv,
      ...smtp.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_PUBLIC_URL: PUBLIC_URL,
      HERALD_RETRY_SCHEDULE: '200ms,200ms,200ms',
    });
    token = await repoAdmin(REPO);
  });

  afterAll(async () => {
    await herald?.stop();
    await smtp?.close();
    await env?.close();
  });

  it('request → mail → link → notification → event on NATS → mail with the summary and both bodies', async () => {
    const address = 'ops@example.com';
    const link = await requestLink(address);
    expect(link.startsWith(`${PUBLIC_URL}/authrepoemail?code=`)).toBe(true);
    // Pending: not yet good for a notification.
    const early = await call('POST', `${BASE}/notification/`, {
      event: 'repo_push',
      method: 'email',
      config: { email: address },
    });
    expect(early.status).toBe(400);
    expect((early.body as { message: string }).message).toMatch(
      /^config\.email: ops@example\.com is not an authorized/,
    );

    const page = await follow(link);
    expect(page).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/html/) });
    expect(page.text).toContain('ops@example.com will now receive notifications of acme/web');
    expect(await call('GET', `${BASE}/authorizedemail/${address}`)).toMatchObject({
      status: 200,
      body: { email: address, repository: 'web', namespace: 'acme', confirmed: true },
    });
    // The code was stored hashed, never in clear.
    const stored = await env.db.collection('authorized_emails').findOne({ email: address });
    expect(JSON.stringify(stored)).not.toContain(new URL(link).searchParams.get('code'));

    const uuid = await createEmailNotification(address, 'pushes by mail');
    const outcome = await deliveryOutcomeOf(env.nc, uuid, () => env.publisher.publish('repo_push', PUSH as never));
    expect(outcome.status).toBe('delivered');
    const mail = await smtp.mailTo(address, 'Repository acme/web updated');
    expect(mail.parsed.from?.text).toBe('herald@test');
    expect(mail.parsed.text).toMatch(/^Tags: +latest, v1\.2$/m);
    expect(mail.parsed.text).toContain('https://quay.io/repository/acme/web?tab=<tags>');
    // The HTML alternative: the homepage escaped inside the link, nothing from the payload unescaped.
    expect(mail.parsed.html).toContain('<a href="https://quay.io/repository/acme/web?tab=&lt;tags&gt;">');
    expect(mail.parsed.html).not.toContain('<tags>');
    expect(mail.parsed.headers.get('x-herald-notification')).toBe(uuid);
  });

  it('refuses a reused code and an expired code with "Invalid confirmation code."', async () => {
    const used = await requestLink('reuse@example.com');
    expect((await follow(used)).status).toBe(200);
    const again = await follow(used);
    expect(again.status).toBe(400);
    expect(again.text).toContain('Invalid confirmation code.');

    const expiring = await requestLink('late@example.com');
    // The stored expiry is the configured 24 h; moved into the past here rather than waiting for it.
    const record = await env.db.collection('authorized_emails').findOne({ email: 'late@example.com' });
    const ttl = (record?.code_expires_at as Date).getTime() - (record?.requested_at as Date).getTime();
    expect(ttl).toBe(24 * 3_600_000);
    await env.db
      .collection('authorized_emails')
      .updateOne({ email: 'late@example.com' }, { $set: { code_expires_at: new Date(Date.now() - 1000) } });
    const late = await follow(expiring);
    expect(late.status).toBe(400);
    expect(late.text).toContain('Invalid confirmation code.');
    expect(await call('GET', `${BASE}/authorizedemail/late@example.com`)).toMatchObject({
      body: { confirmed: false },
    });

    for (const code of ['', 'nope', 'x'.repeat(43)]) {
      const bad = await follow(`${PUBLIC_URL}/authrepoemail?code=${code}`);
      expect({ code, status: bad.status }).toEqual({ code, status: 400 });
    }
  });

  it('a revoked address gets nothing: a permanent failure with the reason in the history', async () => {
    const address = 'revoked@example.com';
    await authorize(address);
    const uuid = await createEmailNotification(address, 'soon revoked');
    expect((await call('DELETE', `${BASE}/authorizedemail/${address}`)).status).toBe(204);
    expect((await call('GET', `${BASE}/authorizedemail/${address}`)).status).toBe(404);

    const outcome = await deliveryOutcomeOf(env.nc, uuid, () => env.publisher.publish('repo_push', PUSH as never));
    expect(outcome.status).toBe('failed');
    const delivery = await call('GET', `${BASE}/notification/${uuid}/deliveries/${outcome.delivery_id}`);
    expect(delivery.body).toMatchObject({
      status: 'failed',
      attempts: [
        expect.objectContaining({
          error: 'the recipient is no longer an authorized e-mail address for repository acme/web',
          error_class: 'unauthorized_recipient',
        }),
      ],
    });
    expect(smtp.offered.filter((m) => m.to.includes(address))).toHaveLength(1); // the confirmation mail only
  });

  it('retries a temporary SMTP refusal (451) and then delivers', async () => {
    const address = 'flaky@example.com';
    await authorize(address);
    const uuid = await createEmailNotification(address, 'flaky relay');
    let refusals = 0;
    smtp.answerWith((m) =>
      m.to.includes(address) && refusals++ === 0 ? { code: 451, text: 'try later' } : { accept: true },
    );
    const first = await deliveryOutcomeOf(env.nc, uuid, () => env.publisher.publish('repo_push', PUSH as never));
    expect(first.status).toBe('retrying');
    await smtp.mailTo(address, 'Repository acme/web updated');
    const delivery = await call('GET', `${BASE}/notification/${uuid}/deliveries/${first.delivery_id}`);
    expect(delivery.body).toMatchObject({ status: 'delivered' });
    const attempts = (delivery.body as { attempts: { outcome: string; error: string | null }[] }).attempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'delivered']);
    expect(attempts[0].error).toContain('451');
    smtp.answerWith(() => ({ accept: true }));
  });

  it('a permanent SMTP refusal (550) fails the delivery without retrying', async () => {
    const address = 'gone@example.com';
    await authorize(address);
    const uuid = await createEmailNotification(address, 'gone');
    smtp.answerWith((m) => (m.to.includes(address) ? { code: 550, text: 'no such user' } : { accept: true }));
    const outcome = await deliveryOutcomeOf(env.nc, uuid, () => env.publisher.publish('repo_push', PUSH as never));
    expect(outcome.status).toBe('failed');
    const delivery = await call('GET', `${BASE}/notification/${uuid}/deliveries/${outcome.delivery_id}`);
    expect(delivery.body).toMatchObject({
      attempts: [expect.objectContaining({ error: expect.stringContaining('550'), error_class: 'smtp_5xx' })],
    });
    smtp.answerWith(() => ({ accept: true }));
  });

  it('the test notification reaches the address with the sample event', async () => {
    const address = 'tester@example.com';
    await authorize(address);
    const uuid = await createEmailNotification(address, 'test me');
    const outcome = await deliveryOutcomeOf(env.nc, uuid, async () => {
      expect((await call('POST', `${BASE}/notification/${uuid}/test`)).status).toBe(200);
    });
    expect(outcome).toMatchObject({ status: 'delivered', test: true });
    // The sample, rewritten to the notification's own repository.
    const mail = await smtp.mailTo(address, 'Repository acme/web updated');
    expect(mail.parsed.html).toContain('href="https://quay.io/repository/acme/web"');
    expect(mail.parsed.text).toContain('latest');
  });

  it('names the field of a bad address and answers 404 for one never asked for', async () => {
    // One mail a minute per address: a second ask at once is refused, and nothing more is mailed.
    const again = await call('POST', `${BASE}/authorizedemail/reuse-me@example.com`);
    expect(again.status).toBe(200);
    await smtp.mailTo('reuse-me@example.com');
    const tooSoon = await call('POST', `${BASE}/authorizedemail/reuse-me@example.com`);
    expect(tooSoon.status).toBe(400);
    expect((tooSoon.body as { message: string }).message).toMatch(
      /^email: a confirmation mail went to .* less than a minute ago/,
    );
    expect(smtp.offered.filter((m) => m.to.includes('reuse-me@example.com'))).toHaveLength(1);

    const bad = await call('POST', `${BASE}/authorizedemail/not-an-address`);
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toMatch(/^email: /);
    expect((await call('GET', `${BASE}/authorizedemail/nobody@example.com`)).status).toBe(404);
    expect((await call('DELETE', `${BASE}/authorizedemail/nobody@example.com`)).status).toBe(404);
  });
});
