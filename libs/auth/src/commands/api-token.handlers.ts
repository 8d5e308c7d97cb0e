import { CommandHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthorizedHandler, CommandValidationError, NotFoundError, SOURCE_CLAIM_TYPE } from '@herald/core';
import { parseAccessClaims } from '../access-claims.parser';
import { ApiTokenStore, ApiTokenView } from '../api-token.store';
import { publishClaimErrors } from '../publish-scope';
import { CreateApiTokenCommand, ListApiTokensQuery, RevokeApiTokenCommand } from './api-token.commands';

const CLAIM_TYPES = ['repository', 'namespace', SOURCE_CLAIM_TYPE];
const MAX_NAME = 100;

@CommandHandler(CreateApiTokenCommand)
export class CreateApiTokenHandler extends AuthorizedHandler<CreateApiTokenCommand, ApiTokenView & { token: string }> {
  constructor(private readonly store: ApiTokenStore) {
    super();
  }

  protected async handle(cmd: CreateApiTokenCommand): Promise<ApiTokenView & { token: string }> {
    const { name, access, expiresAt } = cmd.input;
    const errors: string[] = [];
    if (typeof name !== 'string' || !name.trim() || name.length > MAX_NAME) {
      errors.push(`name is required: a string of at most ${MAX_NAME} characters`);
    }
    const claims = parseAccessClaims(access);
    if (!claims || claims.length === 0) errors.push('access must be a non-empty list of { type, name, actions }');
    else if (claims.some((c) => !CLAIM_TYPES.includes(c.type))) {
      errors.push(`access[].type must be one of ${CLAIM_TYPES.join(', ')}`);
    } else errors.push(...publishClaimErrors(claims));
    let expires: Date | undefined;
    if (expiresAt !== undefined && expiresAt !== null) {
      expires = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined;
      // Beyond year 9999 an ISO string is no longer a plain date-time ("+275760-...").
      if (
        !expires ||
        Number.isNaN(expires.getTime()) ||
        expires.getTime() <= Date.now() ||
        expires.getUTCFullYear() > 9999
      ) {
        errors.push('expiresAt must be an ISO 8601 date-time in the future');
      }
    }
    if (errors.length) throw new CommandValidationError(errors);
    const { token, record } = await this.store.create({
      name: name as string,
      access: claims as NonNullable<typeof claims>,
      createdBy: cmd.actor.id,
      expiresAt: expires,
    });
    return { ...record, token };
  }
}

@CommandHandler(RevokeApiTokenCommand)
export class RevokeApiTokenHandler extends AuthorizedHandler<RevokeApiTokenCommand, void> {
  constructor(private readonly store: ApiTokenStore) {
    super();
  }

  protected async handle(cmd: RevokeApiTokenCommand): Promise<void> {
    const token = await this.store.get(cmd.tokenId);
    // Someone else's token is reported as missing, so ids cannot be probed.
    if (!token || (token.created_by !== cmd.actor.id && !cmd.actor.superuser)) {
      throw new NotFoundError(`API token ${cmd.tokenId} not found`);
    }
    await this.store.revoke(cmd.tokenId);
  }
}

@QueryHandler(ListApiTokensQuery)
export class ListApiTokensHandler extends AuthorizedHandler<ListApiTokensQuery, { tokens: ApiTokenView[] }> {
  constructor(private readonly store: ApiTokenStore) {
    super();
  }

  protected async handle(q: ListApiTokensQuery): Promise<{ tokens: ApiTokenView[] }> {
    return { tokens: await this.store.list(q.actor.superuser ? undefined : q.actor.id) };
  }
}

export const API_TOKEN_HANDLERS = [CreateApiTokenHandler, RevokeApiTokenHandler, ListApiTokensHandler];
