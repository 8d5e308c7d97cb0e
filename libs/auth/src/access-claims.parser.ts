import { AccessClaim } from '@herald/core';

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * The Docker registry token `access` claim as a list of {type, name, actions}; an absent claim grants nothing.
 * Returns undefined when the shape is wrong, so a caller never acts on half of a claim it misread.
 */
export function parseAccessClaims(value: unknown): AccessClaim[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const claims: AccessClaim[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const { type, name, actions } = entry as Record<string, unknown>;
    if (typeof type !== 'string' || !type || typeof name !== 'string' || !name || !isStringArray(actions)) {
      return undefined;
    }
    // Only the three known fields are kept: anything else in the token is not a grant.
    claims.push({ type, name, actions: [...actions] });
  }
  return claims;
}
