import { isUpdatedTags } from './updated-tags.validator';

describe('isUpdatedTags', () => {
  it.each([[{ latest: 'sha256:abc' }], [['latest', 'v1']], [{}], [[]]])('accepts %p', (value) => {
    expect(isUpdatedTags(value)).toBe(true);
  });

  it.each([[{ latest: 1 }], [['latest', 2]], ['latest'], [null], [undefined], [3]])('rejects %p', (value) => {
    expect(isUpdatedTags(value)).toBe(false);
  });
});
