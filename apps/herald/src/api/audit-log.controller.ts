import { BadRequestException, Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import { Actor, ListAuditLogQuery } from '@herald/core';
import { repositoryFromPath } from './repository-path';

const MAX_LIMIT = 500;

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new BadRequestException(`limit must be an integer 1-${MAX_LIMIT}`);
  return n;
}

function parseBefore(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new BadRequestException('before must be an ISO 8601 date-time');
  return d;
}

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
      new ListAuditLogQuery(actor, repositoryFromPath(namespace, repo), parseLimit(limit), parseBefore(before)),
    );
  }
}
