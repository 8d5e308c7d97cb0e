import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import { Actor, ListAuditLogQuery } from '@herald/core';
import { ApiRepositoryPath, ApiStandardErrors, BAD_REQUEST } from './api-docs.decorators';
import { AuditLogResponse } from './audit-log.dto';
import { ApiBeforeQuery, ApiLimitQuery, parseDate, parseLimit } from './query-params';
import { repositoryFromPath } from './repository-path';

/** The repository's audit log of notification changes and refused commands, newest first. */
@ApiTags('audit')
@ApiRepositoryPath()
@UseGuards(AuthGuard)
@Controller('api/v1/repository/:namespace/:repo/logs')
export class AuditLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Audit log entries, newest first; page with ?before=<datetime of the last entry>' })
  @ApiLimitQuery(100)
  @ApiBeforeQuery('datetime')
  @ApiResponse({ status: 200, type: AuditLogResponse })
  @ApiStandardErrors({ repository: true, badRequest: [BAD_REQUEST.query] })
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
