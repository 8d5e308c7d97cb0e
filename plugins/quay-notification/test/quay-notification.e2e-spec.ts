import { EVENT_CATALOGUE } from '@herald/events';
import { ActionHarness } from '../../../test/support/action-harness';
import { api } from '../../../test/support/api.client';
import { memberToken } from '../../../test/support/jwt.tokens';

interface Item {
  kind: string;
  metadata: Record<string, unknown>;
  target: { kind: string; name: string };
  summary: string;
}

/** The action alone, on one Herald: what an event and a test notification leave in the recipient's notification area. */
describe('quay_notification: the in-app action', () => {
  let h: ActionHarness;
  beforeAll(async () => (h = await ActionHarness.open('quay-notification-e2e')));
  afterAll(() => h?.close());

  const inboxOf = async (token: string) =>
    (
      (await api(h.herald.url, 'GET', '/api/v1/user/notifications', { token })).body as {
        notifications: Item[];
      }
    ).notifications;

  it("puts a published event in the user's notification area, with the registry's payload and summary", async () => {
    const t = await h.target('quay_notification', () => ({ target: { kind: 'user', name: 'uma' } }), 'build_failure');
    const outcome = await h.outcomeOf(t, () => t.publish({ extra_field: 'kept' }));
    expect(outcome.status).toBe('delivered');
    const [item] = await inboxOf(await memberToken('uma'));
    expect(item).toMatchObject({ kind: 'build_failure', target: { kind: 'user', name: 'uma' } });
    expect(item.metadata).toMatchObject({ repository: t.repository, extra_field: 'kept' });
    expect(item.summary).toBe(EVENT_CATALOGUE.build_failure.summary(item.metadata));
    // The config holds no secret: it reads back as written.
    expect((await h.get(t)).body).toMatchObject({ config: { target: { kind: 'user', name: 'uma' } } });
  });

  it("sends a test notification: the event's sample, to every member of the team", async () => {
    const t = await h.target('quay_notification', () => ({ target: { kind: 'team', name: 'acme/qa' } }));
    const outcome = await h.outcomeOf(t, async () => {
      expect((await api(h.herald.url, 'POST', `${t.base}/test`, { token: h.token })).status).toBe(200);
    });
    expect(outcome).toMatchObject({ status: 'delivered', test: true });
    for (const member of ['quinn', 'ravi']) {
      const items = await inboxOf(await memberToken(member, { teams: ['acme/qa'] }));
      expect(items).toHaveLength(1);
      // The sample, moved to the notification's repository.
      expect(items[0].metadata).toMatchObject({
        repository: t.repository,
        updated_tags: EVENT_CATALOGUE.repo_push.sample.updated_tags,
      });
    }
    expect(await inboxOf(await memberToken('sam', { teams: ['acme/dev'] }))).toEqual([]);
  });
});
