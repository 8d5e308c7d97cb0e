import { BUILD_FAILURE_SAMPLE, EVENT_CATALOGUE, REPO_PUSH_SAMPLE, VULNERABILITY_FOUND_SAMPLE } from '@herald/events';
import { eventFacts } from './event-facts';
import { eventMessage } from './event-message';

const factsOf = (payload: object) =>
  Object.fromEntries(eventFacts(payload as Record<string, unknown>).map((f) => [f.name, f.value]));

describe('eventMessage and eventFacts', () => {
  it.each(Object.values(EVENT_CATALOGUE).map((d) => [d.kind, d] as const))(
    'describes the %s sample with its summary, level, the repository and a link',
    (kind, definition) => {
      const payload = structuredClone(definition.sample) as Record<string, unknown>;
      const message = eventMessage(kind, payload);
      expect(message.title).toBe(definition.title);
      expect(message.summary).toBe(definition.summary(payload));
      expect(message.level).toBe(definition.level(payload));
      expect(message.facts[0]).toEqual({
        name: 'Repository',
        value: 'mynamespace/repository',
        link: payload.homepage,
      });
      expect(message.link).toBe(payload.homepage);
      for (const fact of message.facts) expect(fact.value).not.toMatch(/^\[object|^undefined$|^$/);
    },
  );

  it('names the tags, build, trigger, commit, vulnerability and error', () => {
    expect(factsOf(REPO_PUSH_SAMPLE)).toMatchObject({ Tag: 'latest', Image: 'quay.io/mynamespace/repository' });
    expect(factsOf(BUILD_FAILURE_SAMPLE)).toMatchObject({
      Tags: 'latest, foo, bar',
      Build: 'build_uuid',
      Trigger: 'github refs/heads/somebranch',
      Commit: '42d4a62 Some commit message',
      Error: 'This is the reason the build failed',
    });
    expect(factsOf(VULNERABILITY_FOUND_SAMPLE)).toMatchObject({
      Tags: 'latest, othertag',
      Vulnerability: 'CVE-1234-5678 (Critical)',
      'Fix available': 'yes',
    });
  });

  it('links the repository, commit and vulnerability (http(s) only) and can count tags past a limit, as Quay', () => {
    const facts = eventFacts(BUILD_FAILURE_SAMPLE as unknown as Record<string, unknown>);
    const commit = facts.find((f) => f.name === 'Commit');
    expect(commit?.link).toBe(BUILD_FAILURE_SAMPLE.trigger_metadata?.commit_info?.url);
    const vulnerability = eventFacts(VULNERABILITY_FOUND_SAMPLE as unknown as Record<string, unknown>).find(
      (f) => f.name === 'Vulnerability',
    );
    expect(vulnerability?.link).toBe(VULNERABILITY_FOUND_SAMPLE.vulnerability.link);
    const hostile = eventFacts({ repository: 'ns/app', homepage: 'javascript:alert(1)' });
    expect(hostile[0]).toEqual({ name: 'Repository', value: 'ns/app' });
    const tags = Array.from({ length: 12 }, (_, i) => `t${i}`);
    expect(eventFacts({ tags }, { maxTags: 10 })[0].value).toBe('t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 (and 2 more)');
    expect(eventFacts({ tags })[0].value.split(', ')).toHaveLength(12);
  });

  it('shows the scalar fields of kinds and fields it does not know, and skips nested objects', () => {
    const facts = factsOf({
      repository: 'ns/app',
      days: 7,
      sync_status: 'failed',
      expiring_tags: ['a', 'b'],
      is_manual: false,
      nested: { a: 1 },
    });
    expect(facts).toEqual({
      Repository: 'ns/app',
      Days: '7',
      'Sync status': 'failed',
      'Expiring tags': 'a, b',
      'Is manual': 'no',
    });
  });

  it('reads a kind missing from the catalogue as its name, and drops a homepage that is no http(s) URL', () => {
    const message = eventMessage('repo_renamed', { repository: 'ns/app', homepage: 'javascript:alert(1)' });
    expect(message).toMatchObject({
      title: 'repo_renamed',
      summary: 'repo_renamed for repository ns/app',
      level: 'info',
    });
    expect(message.link).toBeUndefined();
  });
});
