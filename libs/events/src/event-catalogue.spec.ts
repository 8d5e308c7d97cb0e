import { EVENT_CATALOGUE } from './event-catalogue';
import { EVENT_KINDS, EventKind } from './event-kind';

function sampleWith(kind: EventKind, changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(EVENT_CATALOGUE[kind].sample), ...changes };
}

describe('EVENT_CATALOGUE', () => {
  it('has one definition per kind, filed under its own kind', () => {
    expect(Object.keys(EVENT_CATALOGUE)).toEqual([...EVENT_KINDS]);
    for (const kind of EVENT_KINDS) expect(EVENT_CATALOGUE[kind].kind).toBe(kind);
  });

  it.each([
    ['repo_push', 'Push to Repository'],
    ['build_queued', 'Dockerfile Build Queued'],
    ['build_start', 'Dockerfile Build Started'],
    ['build_success', 'Dockerfile Build Successfully Completed'],
    ['build_failure', 'Dockerfile Build Failed'],
    ['vulnerability_found', 'Package Vulnerability Found'],
    ['build_cancelled', 'Dockerfile Build Cancelled'],
    ['repo_mirror_sync_started', 'Repository Mirror Started'],
    ['repo_mirror_sync_success', 'Repository Mirror Success'],
    ['repo_mirror_sync_failed', 'Repository Mirror Unsuccessful'],
    ['repo_image_expiry', 'Image expiry trigger'],
  ] as const)('titles %s "%s"', (kind, title) => {
    expect(EVENT_CATALOGUE[kind].title).toBe(title);
  });

  it('keeps samples frozen so that no caller changes them for the others', () => {
    const sample = EVENT_CATALOGUE.build_queued.sample as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(sample)).toBe(true);
    expect(Object.isFrozen(sample.trigger_metadata.commit_info)).toBe(true);
  });

  describe('summaries and levels', () => {
    it.each([
      ['repo_push', 'primary', 'Repository mynamespace/repository updated'],
      ['build_queued', 'info', 'Build queued for repository mynamespace/repository [abcdefg]'],
      ['build_start', 'info', 'Build started for repository mynamespace/repository [abcdefg]'],
      ['build_success', 'success', 'Build succeeded for repository mynamespace/repository [abcdefg]'],
      ['build_failure', 'error', 'Build failure for repository mynamespace/repository [abcdefg]'],
      ['build_cancelled', 'info', 'Build cancelled for repository mynamespace/repository [abcdefg]'],
    ] as const)('%s: level %s, "%s"', (kind, level, summary) => {
      const payload = sampleWith(kind, { build_id: 'abcdefghijklmnop' });
      expect(EVENT_CATALOGUE[kind].level(payload)).toBe(level);
      expect(EVENT_CATALOGUE[kind].summary(payload)).toBe(summary);
    });

    it.each([
      ['repo_mirror_sync_started', 'info', 'Repository Mirror started for TEST NOTIFICATION'],
      ['repo_mirror_sync_success', 'success', 'Repository Mirror success for TEST NOTIFICATION'],
      ['repo_mirror_sync_failed', 'error', 'Repository Mirror failed for TEST NOTIFICATION'],
      ['repo_image_expiry', 'info', 'Repository mynamespace/repository image(s) expiring'],
    ] as const)('%s: level %s, "%s"', (kind, level, summary) => {
      const { sample } = EVENT_CATALOGUE[kind];
      expect(EVENT_CATALOGUE[kind].level(sample)).toBe(level);
      expect(EVENT_CATALOGUE[kind].summary(sample)).toBe(summary);
    });

    it('keeps a build id shorter than 7 characters whole', () => {
      expect(EVENT_CATALOGUE.build_start.summary(sampleWith('build_start', { build_id: 'b1' }))).toBe(
        'Build started for repository mynamespace/repository [b1]',
      );
    });

    it.each([
      ['Critical', 'error'],
      ['High', 'warning'],
      ['Medium', 'warning'],
      ['Low', 'info'],
      ['Negligible', 'info'],
      ['Unknown', 'info'],
      ['Bogus', 'info'],
      ['critical', 'error'],
    ])('vulnerability_found: %s priority has level %s', (priority, level) => {
      const payload = sampleWith('vulnerability_found', { vulnerability: { id: 'CVE-1', priority } });
      expect(EVENT_CATALOGUE.vulnerability_found.level(payload)).toBe(level);
    });

    it('vulnerability_found: names the priority and counts the tags', () => {
      const definition = EVENT_CATALOGUE.vulnerability_found;
      expect(definition.summary(definition.sample)).toBe(
        'Critical vulnerability detected in repository mynamespace/repository in 2 tags',
      );
      const payload = sampleWith('vulnerability_found', {
        tags: ['a', 'b', 'c'],
        vulnerability: { id: 'CVE-1', priority: 'Medium' },
      });
      expect(definition.summary(payload)).toBe(
        'Medium vulnerability detected in repository mynamespace/repository in 3 tags',
      );
    });
  });
});
