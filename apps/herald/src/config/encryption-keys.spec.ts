import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveEncryptionKeys } from './encryption-keys';
import { ConfigError } from './herald.config';

describe('resolveEncryptionKeys', () => {
  const b64 = Buffer.alloc(32, 4).toString('base64');

  it('takes HERALD_ENCRYPTION_KEYS when set, and names it when a key is wrong', () => {
    expect(resolveEncryptionKeys(`k1:${b64}`, undefined).map((k) => k.id)).toEqual(['k1']);
    expect(() => resolveEncryptionKeys('k1:c2hvcnQ=', undefined)).toThrow(ConfigError);
    expect(() => resolveEncryptionKeys('k1:c2hvcnQ=', undefined)).toThrow(/^HERALD_ENCRYPTION_KEYS: .*32 bytes/);
  });

  it('refuses to run on an external database without a key', () => {
    expect(() => resolveEncryptionKeys(undefined, undefined)).toThrow(/HERALD_ENCRYPTION_KEYS is not set/);
  });

  it("makes a key once on Herald's local database and keeps it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-keys-'));
    try {
      const first = resolveEncryptionKeys('', dir);
      expect(first[0].key).toHaveLength(32);
      expect(fs.statSync(path.join(dir, 'encryption.key')).mode & 0o077).toBe(0);
      expect(resolveEncryptionKeys(undefined, dir)[0].key.equals(first[0].key)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
