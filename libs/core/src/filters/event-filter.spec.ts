import { allowedFilterKeys, EventKind } from '@herald/events';
import { matchesEventConfig, validateEventConfig, MAX_FILTERED_VALUE_LENGTH } from './event-filter';

const LEVEL_ERROR =
  'eventConfig.level must be a priority index 0-5 or one of Critical, High, Medium, Low, Negligible, Unknown';

describe('allowedFilterKeys', () => {
  it.each<[EventKind, string[]]>([
    ['repo_push', ['tag-regex']],
    ['build_queued', ['ref-regex', 'tag-regex']],
    ['build_start', ['ref-regex', 'tag-regex']],
    ['build_success', ['ref-regex', 'tag-regex']],
    ['build_failure', ['ref-regex', 'tag-regex']],
    ['vulnerability_found', ['level', 'tag-regex']],
    ['build_cancelled', ['ref-regex', 'tag-regex']],
    ['repo_mirror_sync_started', []],
    ['repo_mirror_sync_success', []],
    ['repo_mirror_sync_failed', []],
    ['repo_image_expiry', ['days', 'tag-regex']],
  ])('gives %s the keys %j', (event, keys) => {
    expect(allowedFilterKeys(event)).toEqual(keys);
  });
});

describe('validateEventConfig', () => {
  describe('the eventConfig as a whole', () => {
    it.each([undefined, null])('treats %p as no filter', (raw) => {
      expect(validateEventConfig('repo_push', raw)).toEqual({ config: {}, errors: [] });
    });

    it('accepts an empty object', () => {
      expect(validateEventConfig('build_success', {})).toEqual({ config: {}, errors: [] });
    });

    it.each([
      ['a string', 'ref-regex'],
      ['a number', 3],
      ['an array', ['tag-regex']],
      ['a boolean', true],
    ])('rejects %s', (_label, raw) => {
      expect(validateEventConfig('repo_push', raw)).toEqual({
        config: {},
        errors: ['eventConfig must be a JSON object'],
      });
    });
  });

  describe('keys', () => {
    it('rejects a key the event does not accept and lists the allowed keys', () => {
      expect(validateEventConfig('repo_push', { 'ref-regex': 'refs/heads/main' })).toEqual({
        config: {},
        errors: ['eventConfig.ref-regex is not a filter of repo_push; allowed: tag-regex'],
      });
    });

    it('names the event and its keys for build events', () => {
      expect(validateEventConfig('build_start', { level: 1 }).errors).toEqual([
        'eventConfig.level is not a filter of build_start; allowed: ref-regex, tag-regex',
      ]);
    });

    it('names the event and its keys for vulnerability_found', () => {
      expect(validateEventConfig('vulnerability_found', { 'ref-regex': 'x' }).errors).toEqual([
        'eventConfig.ref-regex is not a filter of vulnerability_found; allowed: level, tag-regex',
      ]);
    });

    it('says that mirror events take no filter', () => {
      expect(validateEventConfig('repo_mirror_sync_failed', { 'tag-regex': 'x' }).errors).toEqual([
        'eventConfig.tag-regex is not a filter of repo_mirror_sync_failed; allowed: none',
      ]);
    });

    it('rejects an unknown key even when its value is empty', () => {
      expect(validateEventConfig('repo_push', { colour: '' }).errors).toEqual([
        'eventConfig.colour is not a filter of repo_push; allowed: tag-regex',
      ]);
    });

    it('keeps the valid keys and reports every bad one', () => {
      const { config, errors } = validateEventConfig('build_failure', {
        'ref-regex': 'refs/heads/(main|release)',
        'tag-regex': '[',
        other: 1,
      });
      expect(config).toEqual({ 'ref-regex': 'refs/heads/(main|release)' });
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatch(/^eventConfig\.tag-regex is not a valid regular expression: /);
      expect(errors[1]).toBe('eventConfig.other is not a filter of build_failure; allowed: ref-regex, tag-regex');
    });
  });

  describe('empty values', () => {
    it.each(['', null])('drops a filter whose value is %p (Quay sends "" for no filter)', (value) => {
      expect(validateEventConfig('build_success', { 'ref-regex': value, 'tag-regex': value })).toEqual({
        config: {},
        errors: [],
      });
      expect(validateEventConfig('vulnerability_found', { level: value })).toEqual({ config: {}, errors: [] });
    });
  });

  describe('regex filters', () => {
    it('keeps a valid regular expression as given', () => {
      expect(validateEventConfig('build_success', { 'ref-regex': 'refs/heads/.*' })).toEqual({
        config: { 'ref-regex': 'refs/heads/.*' },
        errors: [],
      });
      expect(validateEventConfig('repo_push', { 'tag-regex': 'v\\d+\\.\\d+' }).config).toEqual({
        'tag-regex': 'v\\d+\\.\\d+',
      });
    });

    it.each([42, true, ['a'], { source: 'a' }])('requires a string, not %p', (value) => {
      expect(validateEventConfig('build_queued', { 'ref-regex': value })).toEqual({
        config: {},
        errors: ['eventConfig.ref-regex must be a string holding a regular expression'],
      });
    });

    it.each(['(', '[a-', '*abc', 'a{2,1}'])('rejects the invalid regular expression %p', (value) => {
      const { config, errors } = validateEventConfig('build_queued', { 'ref-regex': value });
      expect(config).toEqual({});
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^eventConfig\.ref-regex is not a valid regular expression: .+/);
    });

    it('names tag-regex in its own errors', () => {
      expect(validateEventConfig('repo_push', { 'tag-regex': 7 }).errors).toEqual([
        'eventConfig.tag-regex must be a string holding a regular expression',
      ]);
      expect(validateEventConfig('repo_push', { 'tag-regex': '(' }).errors[0]).toMatch(
        /^eventConfig\.tag-regex is not a valid regular expression/,
      );
    });
  });

  describe('level', () => {
    it.each<[unknown, number]>([
      [0, 0],
      [1, 1],
      [5, 5],
      ['0', 0],
      ['1', 1],
      ['5', 5],
      ['High', 1],
      ['high', 1],
      ['HIGH', 1],
      ['Critical', 0],
      ['negligible', 4],
      ['Unknown', 5],
    ])('accepts %p and stores the index %d', (value, index) => {
      expect(validateEventConfig('vulnerability_found', { level: value })).toEqual({
        config: { level: index },
        errors: [],
      });
    });

    it.each<unknown>([6, -1, 1.5, '1.5', '-1', '6', 'Catastrophic', ' 1', true, {}, []])('rejects %p', (value) => {
      expect(validateEventConfig('vulnerability_found', { level: value })).toEqual({
        config: {},
        errors: [LEVEL_ERROR],
      });
    });

    it('can be combined with tag-regex', () => {
      expect(validateEventConfig('vulnerability_found', { level: 'Medium', 'tag-regex': 'prod-' })).toEqual({
        config: { level: 2, 'tag-regex': 'prod-' },
        errors: [],
      });
    });
  });
});

describe('days (repo_image_expiry)', () => {
  const DAYS_ERROR = 'eventConfig.days must be a whole number of days greater than 0';

  it.each<[unknown, number]>([
    [1, 1],
    [7, 7],
    ['30', 30],
  ])('accepts %p and stores %d', (value, days) => {
    expect(validateEventConfig('repo_image_expiry', { days: value })).toEqual({ config: { days }, errors: [] });
  });

  it.each<unknown>([0, -1, 1.5, '0', '1.5', ' 5', 'five', true, {}, [], 1e20])('rejects %p', (value) => {
    expect(validateEventConfig('repo_image_expiry', { days: value })).toEqual({ config: {}, errors: [DAYS_ERROR] });
  });

  it('is only a filter of repo_image_expiry', () => {
    expect(validateEventConfig('repo_push', { days: 5 }).errors).toEqual([
      'eventConfig.days is not a filter of repo_push; allowed: tag-regex',
    ]);
  });

  it.each([
    ['1 day', 5, true],
    ['5 days', 5, true],
    ['6 days', 5, false],
    ['30 days', 7, false],
    ['0 days', 1, true],
  ])('an expiry in %p with days %d fires: %p', (expiring_in, days, fires) => {
    expect(matchesEventConfig('repo_image_expiry', { days }, { tags: ['latest'], expiring_in })).toBe(fires);
  });

  it('does not fire when the expiry is missing or unreadable', () => {
    expect(matchesEventConfig('repo_image_expiry', { days: 5 }, { tags: ['latest'] })).toBe(false);
    expect(matchesEventConfig('repo_image_expiry', { days: 5 }, { expiring_in: 'soon' })).toBe(false);
  });

  it('fires on any expiry without the filter, and combines with tag-regex on the expiring tags', () => {
    expect(matchesEventConfig('repo_image_expiry', {}, { tags: ['x'], expiring_in: '99 days' })).toBe(true);
    const config = { days: 5, 'tag-regex': 'prod' };
    expect(matchesEventConfig('repo_image_expiry', config, { tags: ['latest', 'prod'], expiring_in: '2 days' })).toBe(
      true,
    );
    expect(matchesEventConfig('repo_image_expiry', config, { tags: ['latest'], expiring_in: '2 days' })).toBe(false);
  });
});

describe('matchesEventConfig', () => {
  it('matches everything with an empty config', () => {
    expect(matchesEventConfig('repo_push', {}, {})).toBe(true);
    expect(matchesEventConfig('build_success', {}, {})).toBe(true);
    expect(matchesEventConfig('vulnerability_found', {}, {})).toBe(true);
  });

  describe('ref-regex', () => {
    const build = (ref?: unknown) => (ref === undefined ? {} : { trigger_metadata: { ref } });

    it('matches at the start of the ref, like Python re.match', () => {
      expect(matchesEventConfig('build_success', { 'ref-regex': 'refs/heads/ma' }, build('refs/heads/master'))).toBe(
        true,
      );
      expect(
        matchesEventConfig('build_success', { 'ref-regex': 'refs/heads/master' }, build('refs/heads/master')),
      ).toBe(true);
    });

    it('is not anchored at the end', () => {
      expect(matchesEventConfig('build_start', { 'ref-regex': 'refs/tags/' }, build('refs/tags/v1.2.3'))).toBe(true);
    });

    it('does not match in the middle of the ref', () => {
      expect(matchesEventConfig('build_success', { 'ref-regex': 'heads' }, build('refs/heads/x'))).toBe(false);
      expect(matchesEventConfig('build_success', { 'ref-regex': 'master' }, build('refs/heads/master'))).toBe(false);
    });

    it('keeps an alternation anchored at the start', () => {
      const config = { 'ref-regex': 'refs/tags/|refs/heads/release' };
      expect(matchesEventConfig('build_queued', config, build('refs/tags/v1'))).toBe(true);
      expect(matchesEventConfig('build_queued', config, build('refs/heads/release-2'))).toBe(true);
      expect(matchesEventConfig('build_queued', config, build('refs/heads/main'))).toBe(false);
      expect(matchesEventConfig('build_queued', config, build('x/refs/tags/v1'))).toBe(false);
    });

    it('does not match an event without trigger_metadata.ref', () => {
      const config = { 'ref-regex': '.*' };
      expect(matchesEventConfig('build_success', config, {})).toBe(false);
      expect(matchesEventConfig('build_success', config, { trigger_metadata: {} })).toBe(false);
      expect(matchesEventConfig('build_success', config, build(12))).toBe(false);
    });

    it('ignores an empty ref-regex', () => {
      expect(matchesEventConfig('build_success', { 'ref-regex': '' }, {})).toBe(true);
    });
  });

  describe('level', () => {
    const vuln = (priority?: unknown) => (priority === undefined ? {} : { vulnerability: { priority } });

    it('fires when the priority is at or above the level (index <= level)', () => {
      expect(matchesEventConfig('vulnerability_found', { level: 1 }, vuln('Critical'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', { level: 1 }, vuln('High'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', { level: 1 }, vuln('Medium'))).toBe(false);
      expect(matchesEventConfig('vulnerability_found', { level: 1 }, vuln('Negligible'))).toBe(false);
    });

    it('with level 0 fires only for Critical', () => {
      expect(matchesEventConfig('vulnerability_found', { level: 0 }, vuln('Critical'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', { level: 0 }, vuln('High'))).toBe(false);
    });

    it('with level 5 fires for every known priority', () => {
      for (const p of ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown']) {
        expect(matchesEventConfig('vulnerability_found', { level: 5 }, vuln(p))).toBe(true);
      }
    });

    it('reads the priority ignoring case', () => {
      expect(matchesEventConfig('vulnerability_found', { level: 2 }, vuln('medium'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', { level: 2 }, vuln('LOW'))).toBe(false);
    });

    it('never fires for a priority it does not know when a level is set', () => {
      expect(matchesEventConfig('vulnerability_found', { level: 5 }, vuln('Severe'))).toBe(false);
      expect(matchesEventConfig('vulnerability_found', { level: 5 }, vuln(1))).toBe(false);
      expect(matchesEventConfig('vulnerability_found', { level: 5 }, vuln())).toBe(false);
      expect(matchesEventConfig('vulnerability_found', { level: 5 }, { vulnerability: {} })).toBe(false);
    });

    it('always fires without a level', () => {
      expect(matchesEventConfig('vulnerability_found', {}, vuln('Negligible'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', {}, vuln('Severe'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', {}, vuln())).toBe(true);
    });

    it('applies a level as validated', () => {
      const { config } = validateEventConfig('vulnerability_found', { level: 'High' });
      expect(matchesEventConfig('vulnerability_found', config, vuln('Critical'))).toBe(true);
      expect(matchesEventConfig('vulnerability_found', config, vuln('Low'))).toBe(false);
    });
  });

  describe('tag-regex', () => {
    const config = { 'tag-regex': 'v1\\.' };

    it('reads repo_push updated_tags as a map of tag to digest', () => {
      expect(matchesEventConfig('repo_push', config, { updated_tags: { latest: 'sha', 'v1.2': 'sha' } })).toBe(true);
      expect(matchesEventConfig('repo_push', config, { updated_tags: { latest: 'sha', 'v2.0': 'sha' } })).toBe(false);
    });

    it('reads repo_push updated_tags as a list', () => {
      expect(matchesEventConfig('repo_push', config, { updated_tags: ['latest', 'v1.0'] })).toBe(true);
      expect(matchesEventConfig('repo_push', config, { updated_tags: ['latest', 'v2.0'] })).toBe(false);
    });

    it('skips entries of a list that are not strings', () => {
      expect(matchesEventConfig('repo_push', { 'tag-regex': '.*' }, { updated_tags: [1, null, {}] })).toBe(false);
      expect(matchesEventConfig('repo_push', { 'tag-regex': '.*' }, { updated_tags: [1, 'x'] })).toBe(true);
    });

    it('matches at the start of a tag only', () => {
      expect(matchesEventConfig('repo_push', config, { updated_tags: ['release-v1.0'] })).toBe(false);
      expect(matchesEventConfig('repo_push', { 'tag-regex': 'v' }, { updated_tags: ['v1.0-extra'] })).toBe(true);
    });

    it('does not match when the event has no tags', () => {
      expect(matchesEventConfig('repo_push', config, {})).toBe(false);
      expect(matchesEventConfig('repo_push', config, { updated_tags: {} })).toBe(false);
      expect(matchesEventConfig('repo_push', config, { updated_tags: [] })).toBe(false);
      expect(matchesEventConfig('repo_push', config, { updated_tags: 'v1.0' })).toBe(false);
    });

    it('reads the tags of vulnerability_found', () => {
      expect(matchesEventConfig('vulnerability_found', config, { tags: ['latest', 'v1.5'] })).toBe(true);
      expect(matchesEventConfig('vulnerability_found', config, { tags: ['latest'] })).toBe(false);
      // The field that counts depends on the event.
      expect(matchesEventConfig('vulnerability_found', config, { updated_tags: ['v1.5'] })).toBe(false);
    });

    it('reads the docker_tags of build events', () => {
      for (const event of ['build_queued', 'build_start', 'build_success', 'build_failure'] as const) {
        expect(matchesEventConfig(event, config, { docker_tags: ['v1.0', 'latest'] })).toBe(true);
        expect(matchesEventConfig(event, config, { docker_tags: ['latest'] })).toBe(false);
        expect(matchesEventConfig(event, config, { updated_tags: ['v1.0'] })).toBe(false);
      }
    });

    it('ignores an empty tag-regex', () => {
      expect(matchesEventConfig('repo_push', { 'tag-regex': '' }, {})).toBe(true);
    });
  });

  describe('combined filters', () => {
    it('requires every filter to pass', () => {
      const config = { 'ref-regex': 'refs/heads/main', 'tag-regex': 'prod' };
      const payload = { trigger_metadata: { ref: 'refs/heads/main' }, docker_tags: ['prod-1'] };
      expect(matchesEventConfig('build_success', config, payload)).toBe(true);
      expect(
        matchesEventConfig('build_success', config, { ...payload, trigger_metadata: { ref: 'refs/heads/dev' } }),
      ).toBe(false);
      expect(matchesEventConfig('build_success', config, { ...payload, docker_tags: ['staging'] })).toBe(false);
    });

    it('requires both level and tag-regex for vulnerabilities', () => {
      const config = { level: 1, 'tag-regex': 'prod' };
      expect(
        matchesEventConfig('vulnerability_found', config, { vulnerability: { priority: 'High' }, tags: ['prod'] }),
      ).toBe(true);
      expect(
        matchesEventConfig('vulnerability_found', config, { vulnerability: { priority: 'Low' }, tags: ['prod'] }),
      ).toBe(false);
      expect(
        matchesEventConfig('vulnerability_found', config, { vulnerability: { priority: 'High' }, tags: ['dev'] }),
      ).toBe(false);
    });
  });
});

describe('regressions', () => {
  it('rejects a ref-regex that only compiles inside the anchoring group, instead of letting it match anywhere', () => {
    const { config, errors } = validateEventConfig('build_success', { 'ref-regex': 'x)|(heads' });
    expect(config).toEqual({});
    expect(errors).toEqual([expect.stringMatching(/^eventConfig\.ref-regex is not a valid regular expression/)]);
    expect(validateEventConfig('repo_push', { 'tag-regex': 'x)|(latest' }).errors).toHaveLength(1);
  });
});

describe('hostile patterns', () => {
  it('matches a catastrophic-backtracking pattern in linear time', () => {
    const { config, errors } = validateEventConfig('build_start', { 'ref-regex': '(a+)+$' });
    expect(errors).toEqual([]);
    const started = performance.now();
    // A backtracking engine takes minutes on this; RE2 semantics take well under a second.
    expect(matchesEventConfig('build_start', config, { trigger_metadata: { ref: `${'a'.repeat(36)}!` } })).toBe(false);
    expect(matchesEventConfig('build_start', config, { trigger_metadata: { ref: 'a'.repeat(36) } })).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'refs/(?=heads)'],
    ['a lookbehind', '(?<=refs/)heads'],
  ])('refuses %s, which has no linear-time match, with the reason', (_what, pattern) => {
    const { config, errors } = validateEventConfig('build_success', { 'ref-regex': pattern });
    expect(config).toEqual({});
    expect(errors).toEqual([
      expect.stringMatching(/^eventConfig\.ref-regex is not a valid regular expression: .+ \(RE2 syntax/),
    ]);
  });

  it('never matches a ref or tag longer than the bound', () => {
    const long = `refs/heads/${'x'.repeat(MAX_FILTERED_VALUE_LENGTH)}`;
    expect(matchesEventConfig('build_start', { 'ref-regex': 'refs/' }, { trigger_metadata: { ref: long } })).toBe(
      false,
    );
    expect(matchesEventConfig('repo_push', { 'tag-regex': '.*' }, { updated_tags: [long] })).toBe(false);
    expect(matchesEventConfig('repo_push', { 'tag-regex': '.*' }, { updated_tags: [long, 'v1'] })).toBe(true);
  });

  it('keeps Python-style named groups and inline flags, as Quay users write them', () => {
    expect(validateEventConfig('repo_push', { 'tag-regex': '(?P<major>v\\d+)\\.' }).errors).toEqual([]);
    expect(matchesEventConfig('repo_push', { 'tag-regex': '(?i)LATEST' }, { updated_tags: ['latest'] })).toBe(true);
  });
});

describe('a filter stored before RE2', () => {
  it('matches nothing instead of throwing when its pattern does not compile', () => {
    const stored = { 'ref-regex': 'refs/(?=heads)' };
    expect(matchesEventConfig('build_start', stored, { trigger_metadata: { ref: 'refs/heads/x' } })).toBe(false);
  });
});
