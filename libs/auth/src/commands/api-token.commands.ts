import { Command, Query } from '@nestjs/cqrs';
import { DEPLOYMENT_TARGET, parseSourceClaimName, SOURCE_CLAIM_TYPE } from '@herald/core';
import type { Actor, Authorizable } from '@herald/core';
import { parseAccessClaims } from '../access-claims.parser';
import type { ApiTokenView } from '../api-token.store';

function sourceTarget(claimName: string): string {
  const { namespace } = parseSourceClaimName(claimName);
  return namespace ? `${namespace}/*` : DEPLOYMENT_TARGET;
}

export interface CreateApiTokenRequest {
  name?: unknown;
  access?: unknown;
  expiresAt?: unknown;
}

/**
 * Grants can only be handed on: the actor must administer every repository (or namespace, "ns/*") the new token
 * would reach. A publish token (source claims) publishes events for any repository, so only a superuser makes one,
 * unless it is limited to a namespace (`<source>:<namespace>`): then that namespace's admins may.
 */
export class CreateApiTokenCommand extends Command<ApiTokenView & { token: string }> implements Authorizable {
  constructor(
    readonly actor: Actor,
    readonly input: CreateApiTokenRequest,
  ) {
    super();
  }

  repositories(): string[] {
    const claims = parseAccessClaims(this.input.access) ?? [];
    return claims.map((c) =>
      c.type === SOURCE_CLAIM_TYPE ? sourceTarget(c.name) : c.type === 'namespace' ? `${c.name}/*` : c.name,
    );
  }

  /**
   * A token minted by a token would outlive its parent's expiry and revocation: a leaked token could leave a permanent
   * one behind. Tokens are made by people, with the registry's own bearer token.
   */
  refusal(): string | undefined {
    return this.actor.kind === 'api_token'
      ? 'an API token cannot create API tokens: use a registry bearer token'
      : undefined;
  }
}

/** Touches no repository: the handler lets only the token's creator (or a superuser) revoke it. */
export class RevokeApiTokenCommand extends Command<void> implements Authorizable {
  constructor(
    readonly actor: Actor,
    readonly tokenId: string,
  ) {
    super();
  }

  repositories(): string[] {
    return [];
  }
}

/** The actor's own tokens; a superuser sees every token. */
export class ListApiTokensQuery extends Query<{ tokens: ApiTokenView[] }> implements Authorizable {
  constructor(readonly actor: Actor) {
    super();
  }

  repositories(): string[] {
    return [];
  }
}
