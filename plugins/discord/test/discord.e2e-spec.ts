import { EVENT_CATALOGUE } from '@herald/events';
import { ActionHarness } from '../../../test/support/action-harness';

interface Embed {
  title: string;
  url?: string;
  description: string;
  color: number;
  fields: { name: string; value: string; inline: boolean }[];
  timestamp: string;
}

const embedOf = (body: string) => (JSON.parse(body) as { embeds: Embed[] }).embeds[0];
const hook = (sinkUrl: string) => ({ url: `${sinkUrl}/api/webhooks/1234/t0ken-s3cret` });

describe('the discord action, end to end', () => {
  let h: ActionHarness;

  beforeAll(async () => {
    h = await ActionHarness.open('discord-e2e');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('posts an embed for an event published on NATS to the webhook created through the API', async () => {
    const t = await h.target('discord', hook, 'build_failure');
    const outcome = await h.outcomeOf(t, () => t.publish());
    expect(outcome).toMatchObject({ status: 'delivered', http_status: 200 });
    const [request] = t.sink.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/webhooks/1234/t0ken-s3cret');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(request.body);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const embed = embedOf(request.body);
    expect(embed).toMatchObject({
      title: `Build failure for repository ${t.repository} [build_u]`,
      url: EVENT_CATALOGUE.build_failure.sample.homepage,
      description: 'Dockerfile Build Failed',
      color: 0xed4245,
    });
    expect(embed.fields).toEqual(
      expect.arrayContaining([
        { name: 'Repository', value: t.repository, inline: true },
        { name: 'Tags', value: 'latest, foo, bar', inline: true },
        { name: 'Error', value: 'This is the reason the build failed', inline: true },
      ]),
    );
    expect(Date.parse(embed.timestamp)).not.toBeNaN();
  });

  it('retries a 5xx and delivers on the next attempt; the history shows both', async () => {
    const t = await h.target('discord', hook);
    t.sink.respondWith((_req, i) => (i === 0 ? { status: 502, body: 'bad gateway' } : { status: 204 }));
    let eventId = '';
    const attempts = await h.attemptsOf(t, async () => ({ eventId } = await t.publish()));
    expect(attempts.map((a) => [a.status, a.http_status])).toEqual([
      ['retrying', 502],
      ['delivered', 204],
    ]);
    const [first, second] = t.sink.requests;
    expect(embedOf(second.body).title).toBe(embedOf(first.body).title);
    const delivery = await t.delivery(`${eventId}:${t.uuid}`);
    expect(delivery.attempts.map((a) => [a.outcome, a.http_status])).toEqual([
      ['retry', 502],
      ['delivered', 204],
    ]);
  });

  it("waits out Discord's 429 retry_after (longer than the retry schedule) and then delivers, no retry spent", async () => {
    const t = await h.target('discord', hook);
    const limited = JSON.stringify({ message: 'You are being rate limited.', retry_after: 2.5, global: false });
    t.sink.respondWith((_req, i) =>
      i === 0 ? { status: 429, body: limited, headers: { 'content-type': 'application/json' } } : { status: 204 },
    );
    // The lanes absorb a 429 by slowing down: the call is made again, and no attempt is spent or recorded for it.
    const attempts = await h.attemptsOf(t, () => t.publish());
    expect(attempts.map((a) => [a.status, a.http_status])).toEqual([['delivered', 204]]);
    expect(t.sink.requests).toHaveLength(2);
    const [first, second] = t.sink.requests;
    // A lower bound only: the schedule alone would have retried after 300 ms.
    expect(second.at - first.at).toBeGreaterThanOrEqual(2400);
  });

  it('delivers a test notification, marked as one', async () => {
    const t = await h.target('discord', hook, 'vulnerability_found');
    const outcome = await h.outcomeOf(t, () => h.sendTest(t));
    expect(outcome).toMatchObject({ status: 'delivered', test: true });
    const embed = embedOf(t.sink.requests[0].body);
    expect(embed.description).toBe('Package Vulnerability Found (a test notification)');
    expect(embed.fields).toEqual(
      expect.arrayContaining([{ name: 'Vulnerability', value: 'CVE-1234-5678 (Critical)', inline: true }]),
    );
  });

  it('masks the token in the API and refuses an address the outbound policy forbids', async () => {
    const t = await h.target('discord', hook);
    const shown = (await h.get(t)).body as { config: { url: string } };
    expect(shown.config.url).toBe(`${t.sink.url}/api/webhooks/1234/***`);
    const refused = await h.createRaw(h.newRepository(), 'discord', { url: 'http://169.254.169.254/api/webhooks/1/x' });
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: string[] }).errors).toEqual([
      expect.stringMatching(/^config\.url: the outbound policy refuses this address/),
    ]);
    const missing = await h.createRaw(h.newRepository(), 'discord', {});
    expect(missing.status).toBe(400);
    expect((missing.body as { errors: string[] }).errors).toEqual(['config.url: Missing Discord webhook URL']);
  });
});
