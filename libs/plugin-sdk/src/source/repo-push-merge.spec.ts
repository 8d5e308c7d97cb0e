import { mergeRepoPushes } from './repo-push-merge';
import { sourceEventId } from './source-event-id';
import { fillSourceTemplate } from './source-template';

const push = (id: string, tags: Record<string, string>) => ({
  kind: 'repo_push',
  id,
  aggregationKey: 'repo_push:ns/app',
  payload: { repository: 'ns/app', updated_tags: tags },
});

describe('source helpers', () => {
  it('merges pushes into the union of their tags, the latest digest winning, under an id of all their ids', () => {
    const merged = mergeRepoPushes([
      push('a', { v1: 'sha256:1', latest: 'sha256:1' }),
      push('b', { latest: 'sha256:2' }),
    ]);
    expect(merged.payload.updated_tags).toEqual({ v1: 'sha256:1', latest: 'sha256:2' });
    expect(merged.id).toBe(sourceEventId('merged', ['a', 'b']));
    expect(merged.id).not.toBe(sourceEventId('merged', ['b', 'a']));
    expect(mergeRepoPushes([push('a', {})]).id).toBe('a');
  });

  it('derives ids that keep their parts apart', () => {
    expect(sourceEventId('x', ['a b', 'c'])).not.toBe(sourceEventId('x', ['a', 'b c']));
    expect(sourceEventId('x', ['a'])).toMatch(/^x-[0-9a-f]{40}$/);
  });

  it('fills known placeholders and leaves unknown ones as written', () => {
    expect(fillSourceTemplate('https://h/{namespace}/{name}/{nope}', { namespace: 'ns', name: 'app' })).toBe(
      'https://h/ns/app/{nope}',
    );
  });
});
