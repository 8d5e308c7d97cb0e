import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AuthGuard,
  CreateApiTokenCommand,
  CurrentActor,
  ListApiTokensQuery,
  RevokeApiTokenCommand,
} from '@herald/auth';
import type { Actor } from '@herald/core';
import { ApiStandardErrors, BAD_REQUEST, linksTo } from './api-docs.decorators';
import { ApiTokenListResponse, CreateApiTokenBody, CreatedApiTokenResponse } from './api-token.dto';
import { requireJsonObject } from './repository-path';

/** Long-lived tokens for automation: the plaintext is shown once, on creation; only a hash is stored. */
@ApiTags('api tokens')
@UseGuards(AuthGuard)
@Controller('api/v1/tokens')
export class ApiTokensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a token with (a subset of) your admin scopes' })
  @ApiResponse({
    status: 201,
    type: CreatedApiTokenResponse,
    links: linksTo(['ApiTokensController_revoke'], { id: '$response.body#/id' }),
  })
  @ApiStandardErrors({
    body: true,
    badRequest: [BAD_REQUEST.fields],
    forbidden: 'the token would carry a scope its creator does not administer',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiTokenBody) {
    return this.commands.execute(new CreateApiTokenCommand(actor, requireJsonObject(body)));
  }

  @Get()
  @ApiOperation({ summary: 'Your tokens (all tokens for a superuser), without their secrets' })
  @ApiResponse({ status: 200, type: ApiTokenListResponse })
  @ApiStandardErrors()
  list(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListApiTokensQuery(actor));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token; it stops working at once' })
  @ApiParam({ name: 'id', description: "The token's id", schema: { type: 'string' } })
  @ApiResponse({ status: 204, description: 'revoked (or already revoked); no body' })
  @ApiStandardErrors({
    pathParams: true,
    notFound: "no token of yours with that id (another user's token is not found either)",
  })
  async revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RevokeApiTokenCommand(actor, id));
  }
}
