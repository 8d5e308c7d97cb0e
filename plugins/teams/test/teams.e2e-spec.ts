import { EVENT_CATALOGUE } from '@herald/events';
import { ActionHarness } from '../../../test/support/action-harness';

interface Card {
  version: string;
  body: { type: string; style?: string; items?: { text: string }[]; facts?: { title: string; value: string }[] }[];
  actions: { type: string; url: string }[];
}

const WORKFLOW = '/workflows/4b1d/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sig=s3cret-sig';
const workflow = (sinkUrl: string) => ({ url: `${sinkUrl}${WORKFLOW}` });
const cardOf = (body: string) => {
  const message = JSON.parse(body) as { type: string; attachments: { contentType: string; content: Card }[] };
  expect(message.type).toBe('message');
  expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  return message.attachments[0].content;
};
const texts = (card: Card) => card.body[0].items?.map((i) => i.text);

describe('the teams action, end to end', () => {
  let h: ActionHarness;

  beforeAll(async () => {
    h = await ActionHarness.open('teams-e2e');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('posts an Adaptive Card for an event published on NATS to the workflow created through the API', async () => {
    const t = await h.target('teams', workflow, 'vulnerability_found');
    t.sink.respondWith(() => ({ status: 202 }));
    const outcome = await h.outcomeOf(t, () => t.publish());
    expect(outcome).toMatchObject({ status: 'delivered', http_status: 202 });
    const [request] = t.sink.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(WORKFLOW);
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    const card = cardOf(request.body);
    expect(card.version).toBe('1.4');
    expect(card.body[0].style).toBe('attention');
    expect(texts(card)).toEqual([
      `Critical vulnerability detected in repository ${t.repository} in 2 tags`,
      'Error · Package Vulnerability Found',
    ]);
    expect(card.body[1].facts).toEqual(
      expect.arrayContaining([
        { title: 'Repository', value: t.repository },
        { title: 'Tags', value: 'latest, othertag' },
        { title: 'Vulnerability', value: 'CVE-1234-5678 (Critical)' },
      ]),
    );
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.OpenUrl', url: EVENT_CATALOGUE.vulnerability_found.sample.homepage }),
    ]);
  });

  it('retries a 5xx and delivers on the next attempt; the history shows both', async () => {
    const t = await h.target('teams', workflow, 'build_success');
    t.sink.respondWith((_req, i) => (i === 0 ? { status: 500, body: 'flow error' } : { status: 202 }));
    let eventId = '';
    const attempts = await h.attemptsOf(t, async () => ({ eventId } = await t.publish()));
    expect(attempts.map((a) => [a.status, a.http_status])).toEqual([
      ['retrying', 500],
      ['delivered', 202],
    ]);
    const [first, second] = t.sink.requests;
    expect(second.body).toBe(first.body);
    const delivery = await t.delivery(`${eventId}:${t.uuid}`);
    expect(delivery.attempts.map((a) => [a.outcome, a.http_status])).toEqual([
      ['retry', 500],
      ['delivered', 202],
    ]);
  });

  it('delivers a test notification, marked as one', async () => {
    const t = await h.target('teams', workflow);
    const outcome = await h.outcomeOf(t, () => h.sendTest(t));
    expect(outcome).toMatchObject({ status: 'delivered', test: true });
    expect(texts(cardOf(t.sink.requests[0].body))).toEqual([
      `Repository ${t.repository} updated`,
      'Notice · Push to Repository (a test notification)',
    ]);
  });

  it('masks the signature in the API and refuses an address the outbound policy forbids', async () => {
    const t = await h.target('teams', workflow);
    const shown = (await h.get(t)).body as { config: { url: string } };
    expect(shown.config.url).toBe(`${t.sink.url}/workflows/4b1d/triggers/manual/paths/***`);
    const refused = await h.createRaw(h.newRepository(), 'teams', { url: `http://169.254.169.254${WORKFLOW}` });
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: string[] }).errors).toEqual([
      expect.stringMatching(/^config\.url: the outbound policy refuses this address/),
    ]);
    const missing = await h.createRaw(h.newRepository(), 'teams', { url: '' });
    expect(missing.status).toBe(400);
    expect((missing.body as { errors: string[] }).errors).toEqual(['config.url: Missing Teams workflow URL']);
  });
});
