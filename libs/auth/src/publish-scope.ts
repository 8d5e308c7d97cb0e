import { SetMetadata } from '@nestjs/common';
import { ANY_SOURCE, isSourceClaim, parseSourceClaimName, PUBLISH_ACTION } from '@herald/core';
import type { AccessClaim } from '@herald/core';
import { SOURCE_NAME_PATTERN } from '@herald/plugin-sdk';

/** A namespace as the registry names one (lower-case alphanumerics separated by single ".", "_" or "-"). */
const NAMESPACE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Problems of a token's claims as a publish token (empty when it has no source claim, or only valid ones). */
export function publishClaimErrors(claims: AccessClaim[]): string[] {
  const sources = claims.filter(isSourceClaim);
  if (sources.length === 0) return [];
  const errors: string[] = [];
  if (sources.length !== claims.length) {
    errors.push('access: a publish token carries only source claims, so it cannot also administer repositories');
  }
  for (const c of sources) {
    const { source, namespace } = parseSourceClaimName(c.name);
    if (
      (source !== ANY_SOURCE && !SOURCE_NAME_PATTERN.test(source)) ||
      (namespace !== undefined && !NAMESPACE.test(namespace))
    ) {
      errors.push(
        `access[].name of a source claim must be a source name or "${ANY_SOURCE}", optionally with ":<namespace>", got "${c.name}"`,
      );
    }
    if (c.actions.length !== 1 || c.actions[0] !== PUBLISH_ACTION) {
      errors.push(`access[].actions of a source claim must be ["${PUBLISH_ACTION}"]`);
    }
  }
  return errors;
}

export const PUBLISH_ROUTE = 'herald:publish-route';

/** Marks a route that takes publish tokens (and only them); see AuthGuard. */
export const PublishRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLISH_ROUTE, true);
