import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  AuthGuard,
  CreateApiTokenCommand,
  CurrentActor,
  ListApiTokensQuery,
  RevokeApiTokenCommand,
} from '@herald/auth';
import type { Actor } from '@herald/core';
import { requireJsonObject } from './repository-path';

class AccessClaimBody {
  @ApiProperty({ enum: ['repository', 'namespace'] })
  type!: string;

  @ApiProperty({ example: 'acme/web' })
  name!: string;

  @ApiProperty({ type: [String], example: ['admin'] })
  actions!: string[];
}

class CreateApiTokenBody {
  @ApiProperty({ example: 'ci-bot' })
  name!: string;

  @ApiProperty({ type: [AccessClaimBody] })
  access!: AccessClaimBody[];

  @ApiPropertyOptional({ format: 'date-time' })
  expiresAt?: string;
}

/** Long-lived tokens for automation: the plaintext is shown once, on creation; only a hash is stored. */
@ApiTags('api tokens')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/tokens')
export class ApiTokensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a token with (a subset of) your admin scopes' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiTokenBody) {
    return this.commands.execute(new CreateApiTokenCommand(actor, requireJsonObject(body)));
  }

  @Get()
  @ApiOperation({ summary: 'Your tokens (all tokens for a superuser), without their secrets' })
  list(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListApiTokensQuery(actor));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token; it stops working at once' })
  async revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RevokeApiTokenCommand(actor, id));
  }
}
