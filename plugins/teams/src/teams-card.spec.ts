import { EVENT_CATALOGUE } from '@herald/events';
import { eventMessage } from '@herald/plugin-sdk';
import { FACT_VALUE_MAX, messageBytes, TEAMS_MAX_BYTES, teamsMessage } from './teams-card';

type Block = { type: string; text?: string; color?: string; style?: string; items?: Block[]; facts?: Fact[] };
type Fact = { title: string; value: string };

const partsOf = (m: ReturnType<typeof teamsMessage>) => {
  const card = m.attachments[0].content;
  const band = card.body[0] as Block;
  const factSet = card.body[1] as Block;
  return { card, band, heading: band.items?.[0], level: band.items?.[1], facts: factSet.facts as Fact[] };
};

describe('teamsMessage', () => {
  // Every kind in the catalogue, including those added after this plugin was written.
  it.each(Object.values(EVENT_CATALOGUE).map((d) => [d.kind, d] as const))(
    'renders the %s sample as an Adaptive Card 1.4 in the workflow envelope',
    (kind, definition) => {
      const payload = structuredClone(definition.sample) as Record<string, unknown>;
      const message = teamsMessage(eventMessage(kind, payload), { test: false });
      expect(message.type).toBe('message');
      expect(message.attachments).toHaveLength(1);
      expect(message.attachments[0]).toMatchObject({
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
      });
      const { card, heading, level, facts } = partsOf(message);
      expect(card).toMatchObject({
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.4',
        fallbackText: definition.summary(payload),
      });
      expect(heading).toMatchObject({ type: 'TextBlock', text: definition.summary(payload), weight: 'Bolder' });
      expect(level?.text).toMatch(new RegExp(`^(Error|Warning|Success|Notice|Info) · ${definition.title}$`));
      expect(facts[0]).toEqual({ title: 'Repository', value: 'mynamespace/repository' });
      for (const f of facts) expect(f.value.length).toBeGreaterThan(0);
      expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in the registry', url: payload.homepage }]);
      expect(messageBytes(message)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    },
  );

  it.each([
    ['build_failure', 'Error', 'attention', 'Attention'],
    ['build_success', 'Success', 'good', 'Good'],
    ['repo_push', 'Notice', 'accent', 'Accent'],
    ['build_queued', 'Info', 'emphasis', 'Default'],
  ] as const)('shows the level of %s: "%s", band %s, text %s', (kind, label, style, color) => {
    const { band, level } = partsOf(
      teamsMessage(eventMessage(kind, structuredClone(EVENT_CATALOGUE[kind].sample)), { test: false }),
    );
    expect(band.style).toBe(style);
    expect(level?.text?.startsWith(`${label} · `)).toBe(true);
    expect(level?.color).toBe(color);
  });

  it('marks a test notification, and leaves out the button without an http(s) homepage', () => {
    const payload = { ...structuredClone(EVENT_CATALOGUE.repo_push.sample), homepage: 'ftp://x' };
    const message = teamsMessage(eventMessage('repo_push', payload), { test: true });
    expect(partsOf(message).level?.text).toBe('Notice · Push to Repository (a test notification)');
    expect(partsOf(message).card.actions).toEqual([]);
  });

  it("stays within Teams' size limit for an oversized event, cutting values safely", () => {
    const huge: Record<string, unknown> = { repository: 'ns/app', updated_tags: ['latest'] };
    for (let i = 0; i < 60; i++) huge[`field_${i}`] = '😀'.repeat(3000);
    const message = teamsMessage(eventMessage('repo_push', huge), { test: false });
    const { facts } = partsOf(message);
    expect(messageBytes(message)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(facts[0]).toEqual({ title: 'Repository', value: 'ns/app' });
    for (const f of facts.slice(2)) {
      expect(f.value.length).toBeLessThanOrEqual(FACT_VALUE_MAX);
      expect(f.value.endsWith('…')).toBe(true);
      expect(() => encodeURIComponent(f.value)).not.toThrow();
    }
  });
});
