/** One entry of a Docker registry token's `access` claim. */
export interface AccessClaim {
  /** "repository" for "ns/name", "namespace" for a whole namespace. */
  type: string;
  name: string;
  actions: string[];
}

/** Who sends a command: resolved from a bearer JWT or an API token by the entry point, carried in every command. */
export interface Actor {
  /** The token's subject, e.g. a user name or "token:<id>". */
  id: string;
  kind: 'user' | 'api_token' | 'system';
  access: AccessClaim[];
  /** Allowed everything, as a registry superuser is. */
  superuser: boolean;
  /**
   * The teams (`<org>/<team>`) and organizations the registry says the user belongs to (the JWT's `herald_teams` and
   * `herald_orgs` claims): whose in-app notifications they see. Absent: none.
   */
  teams?: string[];
  orgs?: string[];
  /** For an API token: the person it acts for (its creator), who is told what happens to what it made. */
  onBehalfOf?: string;
  /** When the credential stops being valid (ms since the epoch), for what outlives a request (a stream). */
  expiresAt?: number;
}

const ADMIN_ACTIONS = new Set(['*', 'admin']);

function grantsAdmin(claim: AccessClaim): boolean {
  return claim.actions.some((a) => ADMIN_ACTIONS.has(a));
}

/** The target of commands about the whole deployment (e.g. rotating the encryption key): superusers only. */
export const DEPLOYMENT_TARGET = '*';

/**
 * `*` or `admin` on the repository, or on its namespace, or a superuser, makes the actor a repository admin. A
 * namespace-wide target ("ns/*") takes a namespace claim: a repository claim that happens to be named "ns/*" is not one.
 */
export function isRepositoryAdmin(actor: Actor, repository: string): boolean {
  if (actor.superuser) return true;
  if (repository === DEPLOYMENT_TARGET) return false;
  const namespace = repository.split('/')[0];
  const namespaceWide = repository.endsWith('/*');
  return actor.access.some(
    (c) =>
      grantsAdmin(c) &&
      ((c.type === 'repository' && !namespaceWide && c.name === repository) ||
        (c.type === 'namespace' && c.name === namespace)),
  );
}
