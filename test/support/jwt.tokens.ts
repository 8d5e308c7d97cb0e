import { SignJWT } from 'jose';
import type { AccessClaim } from '@herald/core';

export const TEST_JWT_SECRET = 'herald-e2e-shared-secret-of-enough-length';

/** A registry-style bearer JWT signed with the suite's shared secret. */
export async function jwtFor(
  sub: string,
  access: AccessClaim[],
  opts: { superuser?: boolean; expiresIn?: string | number; secret?: string; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const jwt = new SignJWT({ ...opts.claims, access, ...(opts.superuser ? { superuser: true } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
    .setExpirationTime(opts.expiresIn ?? '1h');
  return jwt.sign(new TextEncoder().encode(opts.secret ?? TEST_JWT_SECRET));
}

export const repoAdmin = (repository: string, sub = `admin-of-${repository}`) =>
  jwtFor(sub, [{ type: 'repository', name: repository, actions: ['pull', 'push', 'admin'] }]);

/** A user of the registry with the teams (`<org>/<team>`) and organizations it says they belong to, and no grants. */
export const memberToken = (sub: string, membership: { teams?: string[]; orgs?: string[] } = {}) =>
  jwtFor(sub, [], { claims: { herald_teams: membership.teams ?? [], herald_orgs: membership.orgs ?? [] } });
