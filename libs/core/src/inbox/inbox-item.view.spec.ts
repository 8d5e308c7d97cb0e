import type { Actor } from '../permissions/actor';
import { audienceOf, isInAudience, organizationOf, visibleFilter } from './inbox-item.view';

const ann: Actor = { id: 'ann', kind: 'user', access: [], superuser: false, teams: ['acme/ops'], orgs: ['acme'] };
const root: Actor = { id: 'root', kind: 'user', access: [], superuser: true };

describe('who sees an in-app notification', () => {
  it("is the user, their teams and their organizations, from the token's claims", () => {
    expect(audienceOf(ann)).toEqual([
      { kind: 'user', name: 'ann' },
      { kind: 'team', name: 'acme/ops' },
      { kind: 'org', name: 'acme' },
    ]);
    expect(isInAudience(ann, { kind: 'team', name: 'acme/ops' })).toBe(true);
    expect(isInAudience(ann, { kind: 'team', name: 'acme/dev' })).toBe(false);
    // An organization's member is not every team's member.
    expect(isInAudience(ann, { kind: 'user', name: 'bob' })).toBe(false);
  });

  it("gives a superuser their own, not everyone's", () => {
    expect(visibleFilter(root)).toEqual({ $or: [{ target_kind: 'user', target_name: { $in: ['root'] } }] });
  });

  it('filters by the same rule the stream hub checks', () => {
    expect(visibleFilter(ann)).toEqual({
      $or: [
        { target_kind: 'user', target_name: { $in: ['ann'] } },
        { target_kind: 'team', target_name: { $in: ['acme/ops'] } },
        { target_kind: 'org', target_name: { $in: ['acme'] } },
      ],
    });
  });

  it("names the target's organization", () => {
    expect(organizationOf({ kind: 'team', name: 'acme/ops' })).toBe('acme');
    expect(organizationOf({ kind: 'org', name: 'acme' })).toBe('acme');
    expect(organizationOf({ kind: 'user', name: 'ann' })).toBeNull();
  });
});
