import type { AccessClaim, Actor } from './actor';

/**
 * A publish token is an API token whose every claim is `{type: "source", name, actions: ["publish"]}`, the name being
 * `<source>` or `*` (every source), optionally followed by `:<namespace>` to publish events of that namespace only.
 * It may send registry events to the ingest endpoint of those sources, and nothing else (no other route or command).
 */
export const SOURCE_CLAIM_TYPE = 'source';
export const PUBLISH_ACTION = 'publish';
/** The claim name of a publish token for every source. */
export const ANY_SOURCE = '*';

export const isSourceClaim = (c: AccessClaim) => c.type === SOURCE_CLAIM_TYPE;

/** The source and the namespace (if limited to one) of a source claim's name. */
export function parseSourceClaimName(name: string): { source: string; namespace?: string } {
  const colon = name.indexOf(':');
  return colon < 0 ? { source: name } : { source: name.slice(0, colon), namespace: name.slice(colon + 1) };
}

/** True for an API token that only publishes. */
export function isPublishActor(actor: Actor): boolean {
  return actor.kind === 'api_token' && actor.access.length > 0 && actor.access.every(isSourceClaim);
}

/**
 * Where the actor may publish through this source: `all` namespaces, a list of namespaces, or undefined when it may
 * not publish there at all.
 */
export function publishScope(actor: Actor, source: string): 'all' | string[] | undefined {
  if (!isPublishActor(actor)) return undefined;
  const namespaces: string[] = [];
  for (const claim of actor.access) {
    if (!claim.actions.includes(PUBLISH_ACTION)) continue;
    const parsed = parseSourceClaimName(claim.name);
    if (parsed.source !== source && parsed.source !== ANY_SOURCE) continue;
    if (parsed.namespace === undefined) return 'all';
    namespaces.push(parsed.namespace);
  }
  return namespaces.length ? namespaces : undefined;
}

/** Whether the actor's claims let it publish to this source (in some namespace at least). */
export function mayPublishTo(actor: Actor, source: string): boolean {
  return publishScope(actor, source) !== undefined;
}
