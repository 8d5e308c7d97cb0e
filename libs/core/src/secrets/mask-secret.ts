import type { SecretFormat } from '@herald/plugin-sdk';

export const MASK = '***';

/**
 * What the API shows of a secret: for a URL its scheme, host and all but the last path segment, so that admins can tell
 * their targets apart while userinfo, the last segment and the query (where receivers put tokens) stay hidden.
 */
export function maskSecret(value: unknown, format: SecretFormat): unknown {
  if (typeof value !== 'string' || value === '') return value;
  if (format !== 'url') return MASK;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const kept = segments
    .slice(0, -1)
    .map((s) => `/${s}`)
    .join('');
  const userinfo = url.username || url.password ? `${MASK}@` : '';
  return `${url.protocol}//${userinfo}${url.host}${kept}/${MASK}`;
}
