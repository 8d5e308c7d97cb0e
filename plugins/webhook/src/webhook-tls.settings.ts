import { readFileSync } from 'node:fs';
import type { SafeTlsOptions } from '@herald/plugin-sdk';

export const TLS_ENV = {
  cert: 'HERALD_WEBHOOK_CLIENT_CERT',
  key: 'HERALD_WEBHOOK_CLIENT_KEY',
  ca: 'HERALD_WEBHOOK_CA',
} as const;

function read(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const path = env[variable]?.trim();
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * The deployment's TLS settings for webhook calls, from PEM files named by environment variables: a client certificate
 * and key presented on every https:// call (so receivers can tell the call came from this registry), and a CA bundle
 * to verify servers with instead of the system store. Read once, when the plugin starts: a bad path stops it loading.
 */
export function webhookTlsFromEnv(env: NodeJS.ProcessEnv): SafeTlsOptions | undefined {
  const cert = read(env, TLS_ENV.cert);
  const key = read(env, TLS_ENV.key);
  const ca = read(env, TLS_ENV.ca);
  if (!cert !== !key) throw new Error(`${TLS_ENV.cert} and ${TLS_ENV.key} must be set together`);
  return cert || ca ? { cert, key, ca } : undefined;
}
