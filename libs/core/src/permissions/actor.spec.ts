import { AccessClaim, Actor, DEPLOYMENT_TARGET, isRepositoryAdmin } from './actor';

function user(access: AccessClaim[], superuser = false): Actor {
  return { id: 'alice', kind: 'user', access, superuser };
}

const repo = (name: string, ...actions: string[]): AccessClaim => ({ type: 'repository', name, actions });
const ns = (name: string, ...actions: string[]): AccessClaim => ({ type: 'namespace', name, actions });

describe('isRepositoryAdmin', () => {
  it.each(['*', 'admin'])('grants %s on the repository', (action) => {
    expect(isRepositoryAdmin(user([repo('ns/repo', 'pull', action)]), 'ns/repo')).toBe(true);
  });

  it('does not count push and pull as admin', () => {
    expect(isRepositoryAdmin(user([repo('ns/repo', 'push', 'pull')]), 'ns/repo')).toBe(false);
  });

  it('lets a namespace admin administer its repositories', () => {
    const actor = user([ns('ns', 'admin')]);
    expect(isRepositoryAdmin(actor, 'ns/repo')).toBe(true);
    expect(isRepositoryAdmin(actor, 'ns/other')).toBe(true);
  });

  it("does not extend a namespace grant to another namespace's repositories", () => {
    const actor = user([ns('ns', '*')]);
    expect(isRepositoryAdmin(actor, 'other/repo')).toBe(false);
    expect(isRepositoryAdmin(actor, 'ns2/repo')).toBe(false);
  });

  it('does not read a namespace-typed claim on a repository name as a namespace grant', () => {
    expect(isRepositoryAdmin(user([repo('ns', 'admin')]), 'ns/repo')).toBe(false);
  });

  it('does not count a namespace grant without admin', () => {
    expect(isRepositoryAdmin(user([ns('ns', 'pull', 'push')]), 'ns/repo')).toBe(false);
  });

  it('matches repository names exactly', () => {
    const actor = user([repo('ns/repo', 'admin')]);
    expect(isRepositoryAdmin(actor, 'ns/repo2')).toBe(false);
    expect(isRepositoryAdmin(actor, 'ns/rep')).toBe(false);
    expect(isRepositoryAdmin(actor, 'NS/repo')).toBe(false);
  });

  it('makes a superuser admin of everything, even without claims', () => {
    expect(isRepositoryAdmin(user([], true), 'any/repo')).toBe(true);
  });

  it('grants nothing without claims', () => {
    expect(isRepositoryAdmin(user([]), 'ns/repo')).toBe(false);
  });

  it('applies to API token actors the same way', () => {
    const token: Actor = { id: 'token:abc', kind: 'api_token', access: [repo('ns/repo', '*')], superuser: false };
    expect(isRepositoryAdmin(token, 'ns/repo')).toBe(true);
    expect(isRepositoryAdmin(token, 'ns/other')).toBe(false);
  });

  it('does not take a repository claim named "ns/*" for a grant on the whole namespace', () => {
    expect(isRepositoryAdmin(user([repo('acme/*', 'admin')]), 'acme/*')).toBe(false);
    expect(isRepositoryAdmin(user([ns('acme', 'admin')]), 'acme/*')).toBe(true);
  });

  it('leaves the deployment to superusers, whatever the claims', () => {
    expect(isRepositoryAdmin(user([ns('*', 'admin'), repo('*', 'admin')]), DEPLOYMENT_TARGET)).toBe(false);
    expect(isRepositoryAdmin(user([], true), DEPLOYMENT_TARGET)).toBe(true);
  });
});
