import { randomBytes } from 'node:crypto';
import { EncryptionKey, parseEncryptionKeys, SecretBox, SecretKeyError } from '@herald/core';
import { readOrCreateDataFile } from './data-file';
import { ConfigError } from './herald.config';

const KEY_FILE = 'encryption.key';

export const GENERATE_KEY_HINT =
  'set HERALD_ENCRYPTION_KEYS=<id>:<base64 of 32 random bytes>, e.g. ' +
  '"k1:$(openssl rand -base64 32)"; list older keys after it, comma separated, while rotating';

/**
 * The keys that seal config secrets. HERALD_ENCRYPTION_KEYS when set. Otherwise, on Herald's own local database, a key
 * made once and kept beside its data (a laptop must just work); with an external database and no key, Herald refuses
 * to start rather than store secrets in clear.
 */
export function resolveEncryptionKeys(raw: string | undefined, localDataDir: string | undefined): EncryptionKey[] {
  if (raw?.trim()) {
    try {
      const keys = parseEncryptionKeys(raw);
      new SecretBox(keys);
      return keys;
    } catch (err) {
      if (err instanceof SecretKeyError) throw new ConfigError(`HERALD_ENCRYPTION_KEYS: ${err.message}`);
      throw err;
    }
  }
  if (!localDataDir) {
    throw new ConfigError(
      `HERALD_ENCRYPTION_KEYS is not set and the database is not Herald's local one: ${GENERATE_KEY_HINT}`,
    );
  }
  return parseEncryptionKeys(
    readOrCreateDataFile(localDataDir, KEY_FILE, () => `local:${randomBytes(32).toString('base64')}\n`),
  );
}
