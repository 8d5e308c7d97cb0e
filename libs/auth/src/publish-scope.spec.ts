import type { Actor } from '@herald/core';
import { isPublishActor, mayPublishTo, publishScope } from '@herald/core';
import { publishClaimErrors } from './publish-scope';

const token = (access: Actor['access']): Actor => ({ id: 'token:x', kind: 'api_token', access, superuser: false });
const source = (name: string, actions = ['publish']) => ({ type: 'source', name, actions });

describe('publish scope', () => {
  it('a publish token is an API token of source claims only', () => {
    expect(isPublishActor(token([source('distribution')]))).toBe(true);
    expect(isPublishActor(token([]))).toBe(false);
    expect(isPublishActor({ ...token([source('distribution')]), kind: 'user' })).toBe(false);
  });

  it('publishes to its sources, or to all with "*"', () => {
    expect(mayPublishTo(token([source('distribution')]), 'distribution')).toBe(true);
    expect(mayPublishTo(token([source('distribution')]), 'harbor')).toBe(false);
    expect(mayPublishTo(token([source('*')]), 'harbor')).toBe(true);
    expect(mayPublishTo(token([source('*', ['pull'])]), 'harbor')).toBe(false);
  });

  it('limits a claim "<source>:<namespace>" to that namespace', () => {
    expect(publishScope(token([source('distribution:acme'), source('*:globex')]), 'distribution')).toEqual([
      'acme',
      'globex',
    ]);
    expect(publishScope(token([source('distribution:acme'), source('distribution')]), 'distribution')).toBe('all');
    expect(publishScope(token([source('harbor:acme')]), 'distribution')).toBeUndefined();
    expect(publishClaimErrors([source('distribution:acme')])).toEqual([]);
    expect(publishClaimErrors([source('distribution:Not/A/Namespace')])).toEqual([expect.stringMatching(/namespace/)]);
  });

  it('refuses mixed tokens, bad source names and other actions', () => {
    expect(publishClaimErrors([{ type: 'repository', name: 'a/b', actions: ['admin'] }])).toEqual([]);
    expect(publishClaimErrors([source('distribution'), { type: 'namespace', name: 'a', actions: ['admin'] }])).toEqual([
      expect.stringMatching(/only source claims/),
    ]);
    expect(publishClaimErrors([source('Not A Name')])).toEqual([expect.stringMatching(/source name/)]);
    expect(publishClaimErrors([source('distribution', ['publish', 'admin'])])).toEqual([
      expect.stringMatching(/\["publish"\]/),
    ]);
  });
});
