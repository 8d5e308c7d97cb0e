import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { AuthSettings } from '@herald/auth';
import { readOrCreateDataFile } from './data-file';
import { ConfigError } from './herald.config';

/** The development signing secret's file in the local data folder; `herald token mint` reads it too. */
export const DEV_JWT_SECRET_FILE = 'jwt.secret';

export interface ResolvedJwtKey {
  auth: AuthSettings;
  /** Set when Herald made (or reused) a development secret in its data folder. */
  devSecretFile?: string;
}

/**
 * The keys that verify bearer tokens. Configured ones win. Otherwise, on Herald's own local stack, a development HMAC
 * secret made once in the data folder, so a newcomer can mint a first token; with external servers and no key, Herald
 * refuses to start instead of answering every request with a 401.
 */
export function resolveJwtKey(auth: AuthSettings, localDataDir: string | undefined): ResolvedJwtKey {
  if (auth.hmacSecret || auth.jwksFile || auth.jwksUrl) return { auth };
  if (!localDataDir) {
    throw new ConfigError(
      "no JWT key is configured and the servers are not Herald's local ones: set HERALD_JWT_SECRET (the registry's " +
        'HMAC token secret, e.g. "$(openssl rand -base64 32)"), HERALD_JWKS_FILE or HERALD_JWKS_URL',
    );
  }
  const secret = readOrCreateDataFile(
    localDataDir,
    DEV_JWT_SECRET_FILE,
    () => `${randomBytes(32).toString('base64url')}\n`,
  ).trim();
  return { auth: { ...auth, hmacSecret: secret }, devSecretFile: path.join(localDataDir, DEV_JWT_SECRET_FILE) };
}

/** The one line printed at start when the development secret is in use. */
export function firstTokenHint(devSecretFile: string): string {
  return (
    `no JWT key configured: using the development signing secret in ${devSecretFile}. ` +
    'An admin token: export HERALD_TOKEN=$(npm run -s herald -- token mint --superuser)'
  );
}
