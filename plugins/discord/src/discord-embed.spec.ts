import { EVENT_CATALOGUE } from '@herald/events';
import { eventMessage } from '@herald/plugin-sdk';
import { DISCORD_LIMITS, discordMessage, embedLength, LEVEL_COLOURS } from './discord-embed';

const at = new Date('2026-01-02T03:04:05.000Z');

describe('discordMessage', () => {
  // Every kind in the catalogue, including those added after this plugin was written.
  it.each(Object.values(EVENT_CATALOGUE).map((d) => [d.kind, d] as const))(
    'renders the %s sample as one embed: summary, homepage link, level colour, facts',
    (kind, definition) => {
      const payload = structuredClone(definition.sample) as Record<string, unknown>;
      const { embeds, allowed_mentions } = discordMessage(eventMessage(kind, payload), { test: false, at });
      const [embed] = embeds;
      expect(allowed_mentions).toEqual({ parse: [] });
      expect(embed.title).toBe(definition.summary(payload));
      expect(embed.url).toBe(payload.homepage);
      expect(embed.description).toBe(definition.title);
      expect(embed.color).toBe(LEVEL_COLOURS[definition.level(payload)]);
      expect(embed.timestamp).toBe('2026-01-02T03:04:05.000Z');
      expect(embed.fields[0]).toEqual({ name: 'Repository', value: 'mynamespace/repository', inline: true });
      for (const f of embed.fields) {
        expect(f.name.length).toBeGreaterThan(0);
        expect(f.value.length).toBeGreaterThan(0);
      }
      expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    },
  );

  it('marks a test notification', () => {
    const message = eventMessage('repo_push', structuredClone(EVENT_CATALOGUE.repo_push.sample));
    expect(discordMessage(message, { test: true, at }).embeds[0].description).toBe(
      'Push to Repository (a test notification)',
    );
  });

  it('keeps an oversized event within every Discord limit, cutting safely', () => {
    const huge: Record<string, unknown> = {
      repository: `ns/${'r'.repeat(300)}`,
      homepage: 'https://quay.io/repository/ns/r',
      build_id: 'b'.repeat(40),
      docker_tags: ['latest'],
      error_message: '😀'.repeat(3000),
    };
    for (let i = 0; i < 40; i++) huge[`field_${i}`] = 'v'.repeat(2000);
    const [embed] = discordMessage(eventMessage('build_failure', huge), { test: false, at }).embeds;
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of embed.fields) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
      // No lone surrogate: the text survives a strict UTF-8 round trip.
      expect(() => encodeURIComponent(f.value)).not.toThrow();
    }
    expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(embed.fields.at(-1)?.value.endsWith('…')).toBe(true);
  });

  it('escapes Discord markdown in registry text but leaves links clickable', () => {
    const message = eventMessage('repo_push', {
      repository: 'ns/my_app',
      updated_tags: ['v1_*beta*'],
      homepage: 'https://quay.io/repository/ns/my_app',
      docs: 'https://example.com/a_b',
    });
    const fields = discordMessage(message, { test: false, at }).embeds[0].fields;
    expect(fields.find((f) => f.name === 'Tag')?.value).toBe('v1\\_\\*beta\\*');
    expect(fields.find((f) => f.name === 'Docs')?.value).toBe('https://example.com/a_b');
  });
});
