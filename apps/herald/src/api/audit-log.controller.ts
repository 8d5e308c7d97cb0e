import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import { Actor, ListAuditLogQuery } from '@herald/core';
import { parseDate, parseLimit } from './query-params';
import { repositoryFromPath } from './repository-path';

/** The repository's audit log of notification changes and refused commands, newest first. */
@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/repository/:namespace/:repo/logs')
export class AuditLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Audit log entries, newest first; page with ?before=<datetime of the last entry>' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'before', required: false, type: String })
  list(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ) {
    return this.queries.execute(
      new ListAuditLogQuery(actor, repositoryFromPath(namespace, repo), parseLimit(limit), parseDate('before', before)),
    );
  }
}
