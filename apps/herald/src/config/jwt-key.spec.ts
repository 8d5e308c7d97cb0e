import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveJwtKey } from './jwt-key';
import { ConfigError } from './herald.config';

describe('resolveJwtKey', () => {
  const none = { clockToleranceSec: 30 };

  it('keeps a configured key and makes no file', () => {
    expect(resolveJwtKey({ ...none, hmacSecret: 's' }, undefined)).toEqual({ auth: { ...none, hmacSecret: 's' } });
    expect(resolveJwtKey({ ...none, jwksUrl: 'https://x/jwks' }, '/nonexistent').devSecretFile).toBeUndefined();
  });

  it('refuses external servers without a key, naming the variables', () => {
    expect(() => resolveJwtKey(none, undefined)).toThrow(ConfigError);
    expect(() => resolveJwtKey(none, undefined)).toThrow(/HERALD_JWT_SECRET.*HERALD_JWKS_FILE or HERALD_JWKS_URL/);
  });

  it('makes a development secret once in the local data folder, owner-only, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-jwt-'));
    try {
      const first = resolveJwtKey(none, dir);
      expect(first.devSecretFile).toBe(path.join(dir, 'jwt.secret'));
      expect(first.auth.hmacSecret).toMatch(/^[\w-]{43}$/);
      expect(fs.statSync(first.devSecretFile as string).mode & 0o077).toBe(0);
      expect(resolveJwtKey(none, dir).auth.hmacSecret).toBe(first.auth.hmacSecret);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
