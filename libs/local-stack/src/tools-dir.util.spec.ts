import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findRepoRoot, resolveToolsDir } from './tools-dir.util';

describe('tools dir', () => {
  it('finds the repo root by its nest-cli.json', () => {
    const root = findRepoRoot(__dirname);
    expect(root).toBe(resolve(__dirname, '../../..'));
    expect(existsSync(join(root as string, 'nest-cli.json'))).toBe(true);
    expect(findRepoRoot('/')).toBeUndefined();
  });

  it('defaults to <repo>/.tools and honours HERALD_TOOLS_DIR', () => {
    expect(resolveToolsDir({})).toBe(join(resolve(__dirname, '../../..'), '.tools'));
    expect(resolveToolsDir({ HERALD_TOOLS_DIR: '/opt/herald-tools' })).toBe('/opt/herald-tools');
  });
});
