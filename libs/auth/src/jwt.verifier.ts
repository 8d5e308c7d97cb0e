import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '@herald/core';
import { createLocalJWKSet, createRemoteJWKSet, errors, JSONWebKeySet, jwtVerify, JWTVerifyGetKey } from 'jose';
import { parseAccessClaims } from './access-claims.parser';
import { parseMembershipClaim } from './membership-claims.parser';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { AuthenticationError } from './authentication.error';

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

export const NO_JWT_KEY_MESSAGE = 'no JWT key configured (set HERALD_JWT_SECRET, HERALD_JWKS_FILE or HERALD_JWKS_URL)';

type KeySet = ReturnType<typeof createLocalJWKSet>;

function loadJwksFile(path: string): KeySet {
  try {
    return createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')) as JSONWebKeySet);
  } catch (err) {
    // A configuration mistake: fail at start, naming the file, rather than on every request.
    throw new Error(`cannot load the JWKS file ${path} (HERALD_JWKS_FILE): ${(err as Error).message}`);
  }
}

/**
 * A JWKS endpoint that times out, answers non-200 or serves a bad key set is our outage, not a bad token: those errors
 * (jose's JWKSTimeout, JWKSInvalid, its bare JOSEError, network errors) are left to surface as server errors.
 */
function isTokenError(err: unknown): err is errors.JOSEError {
  return (
    err instanceof errors.JOSEError &&
    err.constructor !== errors.JOSEError &&
    !(err instanceof errors.JWKSTimeout) &&
    !(err instanceof errors.JWKSInvalid)
  );
}

/** jose's reasons, in the words a client and an operator can act on. */
function describe(err: errors.JOSEError): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
        return 'token not yet valid';
      case 'iss':
        return 'token issuer not accepted';
      case 'aud':
        return 'token audience not accepted';
      default:
        return `invalid ${err.claim} claim`;
    }
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'invalid token signature';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not accepted';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no JWT key matches the token';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'several JWT keys match the token (set a kid)';
  if (err instanceof errors.JOSENotSupported) return 'token algorithm not supported';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'malformed token';
  return 'invalid token';
}

/** Verifies registry bearer JWTs (Docker registry token format) and turns their claims into an Actor. */
@Injectable()
export class JwtVerifier {
  private readonly getKey?: JWTVerifyGetKey;
  private readonly algorithms: string[] = [];

  constructor(@Inject(AUTH_SETTINGS) private readonly settings: AuthSettings) {
    if (settings.jwksFile && settings.jwksUrl) {
      throw new Error('set only one of HERALD_JWKS_FILE and HERALD_JWKS_URL');
    }
    const secret = settings.hmacSecret ? new TextEncoder().encode(settings.hmacSecret) : undefined;
    const keySet = settings.jwksFile
      ? loadJwksFile(settings.jwksFile)
      : settings.jwksUrl
        ? createRemoteJWKSet(new URL(settings.jwksUrl))
        : undefined;
    if (secret) this.algorithms.push(...HMAC_ALGORITHMS);
    if (keySet) this.algorithms.push(...ASYMMETRIC_ALGORITHMS);
    if (!secret && !keySet) return;
    // jose rejects an algorithm outside `algorithms` before asking for a key, so each branch sees only its own kind.
    this.getKey = (header, token) =>
      header.alg.startsWith('HS') ? (secret as Uint8Array) : (keySet as KeySet)(header, token);
  }

  async verify(token: string): Promise<Actor> {
    if (!this.getKey) throw new AuthenticationError(NO_JWT_KEY_MESSAGE);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        algorithms: this.algorithms,
        clockTolerance: this.settings.clockToleranceSec,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
      }));
    } catch (err) {
      if (isTokenError(err)) throw new AuthenticationError(describe(err));
      throw err;
    }
    return this.toActor(payload);
  }

  private toActor(payload: Record<string, unknown>): Actor {
    const { sub, access, superuser, herald_teams, herald_orgs, exp } = payload;
    if (typeof sub !== 'string' || !sub) throw new AuthenticationError('token has no subject (sub claim)');
    const claims = parseAccessClaims(access);
    if (!claims) throw new AuthenticationError('malformed access claim');
    if (superuser !== undefined && typeof superuser !== 'boolean') {
      throw new AuthenticationError('malformed superuser claim');
    }
    const teams = parseMembershipClaim(herald_teams, 'team');
    if (!teams) throw new AuthenticationError('malformed herald_teams claim: a list of "<org>/<team>"');
    const orgs = parseMembershipClaim(herald_orgs, 'org');
    if (!orgs) throw new AuthenticationError('malformed herald_orgs claim: a list of organization names');
    return {
      id: sub,
      kind: 'user',
      access: claims,
      superuser: superuser === true,
      teams,
      orgs,
      ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}),
    };
  }
}
