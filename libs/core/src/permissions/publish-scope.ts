import type { AccessClaim, Actor } from './actor';

/**
 * A publish token is an API token whose every claim is `{type: "source", name: <source> | "*", actions: ["publish"]}`:
 * it may send registry events to the ingest endpoint of those sources, and nothing else (no other route or command).
 */
export const SOURCE_CLAIM_TYPE = 'source';
export const PUBLISH_ACTION = 'publish';
/** The claim name of a publish token for every source. */
export const ANY_SOURCE = '*';

export const isSourceClaim = (c: AccessClaim) => c.type === SOURCE_CLAIM_TYPE;

/** True for an API token that only publishes. */
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
