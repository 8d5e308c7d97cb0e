export interface AuthSettings {
  /** Shared secret for HS256/384/512 bearer JWTs (the registry's token signing secret). */
  hmacSecret?: string;
  /** A JWKS JSON file with the public keys of RS*, ES*, PS* and EdDSA bearer JWTs; read once at start. */
  jwksFile?: string;
  /** A JWKS endpoint with those public keys; fetched and cached by jose. */
  jwksUrl?: string;
  /** When set, a JWT's `iss` must equal it. */
  issuer?: string;
  /** When set, a JWT's `aud` must contain it. */
  audience?: string;
  /** Allowed clock skew when checking `exp` and `nbf`. */
  clockToleranceSec: number;
  /** API requests per minute per actor; beyond them a 429 with Retry-After. Unset: unlimited. */
  ratePerMinute?: number;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads HERALD_JWT_SECRET, HERALD_JWKS_FILE, HERALD_JWKS_URL, HERALD_JWT_ISSUER and HERALD_JWT_AUDIENCE. */
export function authSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  return {
    // The secret is taken verbatim: surrounding spaces could be part of it.
    hmacSecret: env.HERALD_JWT_SECRET ? env.HERALD_JWT_SECRET : undefined,
    jwksFile: optional(env.HERALD_JWKS_FILE),
    jwksUrl: optional(env.HERALD_JWKS_URL),
    issuer: optional(env.HERALD_JWT_ISSUER),
    audience: optional(env.HERALD_JWT_AUDIENCE),
    clockToleranceSec: DEFAULT_CLOCK_TOLERANCE_SEC,
  };
}
