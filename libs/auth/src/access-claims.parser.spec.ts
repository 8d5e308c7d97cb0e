import { parseAccessClaims } from './access-claims.parser';

describe('parseAccessClaims', () => {
  it('keeps type, name and actions only', () => {
    expect(parseAccessClaims([{ type: 'repository', name: 'ns/r', actions: ['pull'], extra: 1 }])).toEqual([
      { type: 'repository', name: 'ns/r', actions: ['pull'] },
    ]);
  });

  it('reads an absent claim as no grants', () => {
    expect(parseAccessClaims(undefined)).toEqual([]);
    expect(parseAccessClaims(null)).toEqual([]);
    expect(parseAccessClaims([])).toEqual([]);
  });

  it.each([
    [{}],
    ['repository:ns/r:pull'],
    [[null]],
    [[{ type: 'repository', name: 'ns/r', actions: 'pull' }]],
    [[{ type: '', name: 'ns/r', actions: [] }]],
    [[{ type: 'repository', name: 7, actions: [] }]],
  ])('rejects %p', (value) => {
    expect(parseAccessClaims(value)).toBeUndefined();
  });
});
