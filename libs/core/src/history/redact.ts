const MASK = '[redacted]';
const MIN_SECRET_LENGTH = 6;

function secretsOf(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') {
    if (value.length >= MIN_SECRET_LENGTH) out.push(value);
    // A URL's query and userinfo often hold tokens (Slack hooks, HipChat auth_token): mask those parts on their own too.
    try {
      const url = new URL(value);
      for (const v of url.searchParams.values()) if (v.length >= MIN_SECRET_LENGTH) out.push(v);
      if (url.password.length >= MIN_SECRET_LENGTH) out.push(url.password);
      // The API masks a URL's last path segment (Slack-style hooks keep their token there): so does the history.
      const lastSegment = url.pathname.split('/').pop();
      if (lastSegment && lastSegment.length >= MIN_SECRET_LENGTH) out.push(lastSegment);
    } catch {
      // Not a URL.
    }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) secretsOf(v, out);
  }
  return out;
}

/** Per config object: a notification's config from the routing index is shared by all its deliveries. */
const secretsCache = new WeakMap<object, string[]>();

function secretsFor(config: Record<string, unknown>): string[] {
  let secrets = secretsCache.get(config);
  if (!secrets) {
    secrets = secretsOf(config, []).sort((a, b) => b.length - a.length);
    secretsCache.set(config, secrets);
  }
  return secrets;
}

/**
 * Masks every config value (and the secret-looking parts of config URLs) in text bound for the delivery history, which
 * any repository admin can read while the config itself may hold credentials.
 */
export function redact(text: string | null | undefined, config: Record<string, unknown>, max = 1024): string | null {
  if (text === null || text === undefined) return null;
  const secrets = secretsFor(config);
  // Bound the work on a huge text, but keep enough that a secret straddling the kept part is still whole.
  const keep = max * 4 + (secrets[0]?.length ?? 0);
  let out = text.length > keep ? text.slice(0, keep) : text;
  for (const s of secrets) out = out.split(s).join(MASK);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
