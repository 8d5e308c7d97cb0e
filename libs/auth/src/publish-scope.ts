import { SetMetadata } from '@nestjs/common';
import type { AccessClaim, Actor } from '@herald/core';
import { SOURCE_NAME_PATTERN } from '@herald/plugin-sdk';

/**
 * A publish token is an API token whose every claim is `{type: "source", name: <source> | "*", actions: ["publish"]}`:
 * it may send registry events to the ingest endpoint of those sources, and nothing else (no API route, no command).
 */
export const SOURCE_CLAIM_TYPE = 'source';
export const PUBLISH_ACTION = 'publish';
/** The claim name of a publish token for every source. */
export const ANY_SOURCE = '*';

const isSourceClaim = (c: AccessClaim) => c.type === SOURCE_CLAIM_TYPE;

/** True for an API token that only publishes: the guard keeps it to the ingest routes and off every other. */
export function isPublishActor(actor: Actor): boolean {
  return actor.kind === 'api_token' && actor.access.length > 0 && actor.access.every(isSourceClaim);
}

/** Whether the actor's claims let it publish to this source. */
export function mayPublishTo(actor: Actor, source: string): boolean {
  return (
    isPublishActor(actor) &&
    actor.access.some((c) => (c.name === source || c.name === ANY_SOURCE) && c.actions.includes(PUBLISH_ACTION))
  );
}

/** Problems of a token's claims as a publish token (empty when it has no source claim, or only valid ones). */
export function publishClaimErrors(claims: AccessClaim[]): string[] {
  const sources = claims.filter(isSourceClaim);
  if (sources.length === 0) return [];
  const errors: string[] = [];
  if (sources.length !== claims.length) {
    errors.push('access: a publish token carries only source claims, so it cannot also administer repositories');
  }
  for (const c of sources) {
    if (c.name !== ANY_SOURCE && !SOURCE_NAME_PATTERN.test(c.name)) {
      errors.push(`access[].name of a source claim must be a source name or "${ANY_SOURCE}", got "${c.name}"`);
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
