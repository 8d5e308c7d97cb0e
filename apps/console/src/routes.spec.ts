import { deliveriesHref, isRepositoryName, parseRoute, repositoryHref } from './routes';

describe('the console hash routes', () => {
  it('reads the pages back from the links it makes, odd characters included', () => {
    expect(parseRoute(repositoryHref('my ns/repo'))).toEqual({ page: 'repository', repository: 'my ns/repo' });
    expect(parseRoute(deliveriesHref('acme/web', 'u-1'))).toEqual({
      page: 'deliveries',
      repository: 'acme/web',
      uuid: 'u-1',
    });
    // The disable notice's link, as the server writes it.
    expect(parseRoute('#/repository/acme/web/notifications/abc/deliveries')).toMatchObject({ uuid: 'abc' });
  });

  it('falls back to the home page for anything else', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/repository/only-one')).toEqual({ page: 'home' });
    expect(parseRoute('#/repository/a/b/c')).toEqual({ page: 'home' });
  });

  it('takes namespace/repository and nothing else as a name', () => {
    expect(isRepositoryName('acme/web')).toBe(true);
    expect(['acme', 'acme/', '/web', 'a/b/c', 'a b/c'].map(isRepositoryName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
