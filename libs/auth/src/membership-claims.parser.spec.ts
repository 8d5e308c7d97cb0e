import { parseMembershipClaim } from './membership-claims.parser';

describe('parseMembershipClaim', () => {
  it('reads teams as <org>/<team> and organizations as one name', () => {
    expect(parseMembershipClaim(['acme/ops', 'acme/dev', 'acme/ops'], 'team')).toEqual(['acme/ops', 'acme/dev']);
    expect(parseMembershipClaim(['acme'], 'org')).toEqual(['acme']);
    expect(parseMembershipClaim(undefined, 'team')).toEqual([]);
  });

  it('refuses a claim of the wrong shape', () => {
    expect(parseMembershipClaim('acme/ops', 'team')).toBeUndefined();
    expect(parseMembershipClaim(['ops'], 'team')).toBeUndefined();
    expect(parseMembershipClaim(['acme/ops'], 'org')).toBeUndefined();
    expect(parseMembershipClaim([42], 'org')).toBeUndefined();
  });
});
