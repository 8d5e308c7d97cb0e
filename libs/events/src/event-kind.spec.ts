import { EVENT_KINDS, isEventKind } from './event-kind';

describe('isEventKind', () => {
  it.each(EVENT_KINDS)('accepts %s', (kind) => {
    expect(isEventKind(kind)).toBe(true);
  });

  it.each([['build_canceled'], ['repo_mirror_sync'], ['REPO_PUSH'], [''], [undefined], [42]])('rejects %p', (value) => {
    expect(isEventKind(value)).toBe(false);
  });
});
