import { EVENT_CATALOGUE } from './event-catalogue';
import { EVENT_KINDS, EventKind } from './event-kind';
import { expiringInDays } from './repo-image-expiry.event';

const REPO = '<a href="https://quay.io/repository/mynamespace/repository">mynamespace/repository</a>';
const tag = (t: string) => `<a href="https://quay.io/repository/mynamespace/repository?tab=tags&amp;tag=${t}">${t}</a>`;

function messageOf(kind: EventKind, changes: Record<string, unknown> = {}): string {
  const definition = EVENT_CATALOGUE[kind];
  return definition.message({ ...structuredClone(definition.sample), ...changes });
}

describe('event messages (HTML)', () => {
  it.each(EVENT_KINDS)('%s: one line naming the repository, with only <a>, <br> tags', (kind) => {
    const html = messageOf(kind);
    expect(html).not.toMatch(/\n/);
    expect(html).toContain(REPO);
    expect(html.replace(/<\/?(a|br)\b[^>]*>/g, '')).not.toMatch(/[<>]/);
  });

  it('repo_push lists the pushed tags, from a map or a list', () => {
    expect(messageOf('repo_push')).toBe(`Push of ${tag('latest')} in repository ${REPO}`);
    expect(messageOf('repo_push', { updated_tags: ['latest', 'foo'] })).toBe(
      `Push of ${tag('latest')}, ${tag('foo')} in repository ${REPO}`,
    );
    expect(messageOf('repo_push', { updated_tags: [] })).toBe(`Push of repository ${REPO}`);
  });

  it('build events name the build, the commit, the branch and the author', () => {
    expect(messageOf('build_failure')).toBe(
      '<a href="https://quay.io/repository/mynamespace/repository/build?current=some-fake-build">Build build_u</a> ' +
        'failure for change <a href="http://path/to/the/commit">42d4a62</a> to branch somebranch by ' +
        `<a href="http://path/to/fake/author/in/scm">fakeauthor</a> for repository ${REPO}` +
        '<br>This is the reason the build failed',
    );
    expect(messageOf('build_cancelled', { trigger_id: undefined })).toMatch(
      /^<a href="[^"]+">Build build_u<\/a> canceled for uploaded Dockerfile for repository /,
    );
    expect(messageOf('build_start', { trigger_metadata: undefined, trigger_kind: 'gitlab' })).toContain(
      'started for change to gitlab repository for repository',
    );
    expect(
      messageOf('build_success', { trigger_metadata: { ref: 'refs/tags/v1', commit: 'abcdef0123', commit_info: {} } }),
    ).toContain('completed for change abcdef0 to tag v1 for repository');
  });

  it('vulnerability_found links the advisory and shows the first 3 tags then counts the rest', () => {
    expect(messageOf('vulnerability_found', { tags: ['a', 'b', 'c', 'd', 'e'] })).toBe(
      'A <a href="http://url/to/vuln/info">Critical vulnerability</a> (CVE-1234-5678) was detected in tags ' +
        `${tag('a')}, ${tag('b')}, ${tag('c')} (and 2 more) in repository ${REPO}`,
    );
  });

  it('mirror events carry the worker message', () => {
    expect(messageOf('repo_mirror_sync_failed')).toBe(
      `Repository Mirror failed for repository ${REPO}: TEST NOTIFICATION`,
    );
  });

  it('repo_image_expiry says when and lists the tags', () => {
    expect(messageOf('repo_image_expiry')).toBe(
      `The following tags of repository ${REPO} are due to expire in 5 days:<br>${tag('latest')}, ${tag('prod')}`,
    );
    expect(messageOf('repo_image_expiry', { expiring_in: undefined })).toContain('are due to expire:<br>');
  });

  it('escapes every value taken from the event', () => {
    const html = messageOf('repo_mirror_sync_started', { message: '<script>alert("x")</script> & more' });
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(messageOf('repo_push', { updated_tags: ['a&b'] })).toContain('tag=a%26b">a&amp;b</a>');
  });
});

describe('expiringInDays', () => {
  it.each([
    ['5 days', 5],
    ['1 day', 1],
    [' 30 Days ', 30],
    ['0 days', 0],
  ])('reads %p as %d', (expiring_in, days) => {
    expect(expiringInDays({ expiring_in })).toBe(days);
  });

  it.each([undefined, 5, 'soon', '5 hours', '-1 days', '1.5 days'])('gives nothing for %p', (expiring_in) => {
    expect(expiringInDays({ expiring_in })).toBeUndefined();
  });
});
