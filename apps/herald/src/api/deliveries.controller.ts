import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import {
  Actor,
  DELIVERY_STATUSES,
  DeliveryStatus,
  GetDeliveryQuery,
  ListDeliveriesQuery,
  RedeliverCommand,
  RedeliverFailedSinceCommand,
} from '@herald/core';
import { parseDate, parseLimit } from './query-params';
import { repositoryFromPath, requireJsonObject } from './repository-path';

class RedeliverSinceBody {
  @ApiProperty({ format: 'date-time', description: 'Redeliver every delivery that failed for good since then' })
  since!: string;
}

function parseStatus(raw: string | undefined): DeliveryStatus | undefined {
  if (raw === undefined) return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(raw)) {
    throw new BadRequestException(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
  }
  return raw as DeliveryStatus;
}

/** A notification's delivery history: every attempt, and redelivery of one delivery or of all failures since T. */
@ApiTags('deliveries')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/repository/:namespace/:repo/notification/:uuid/deliveries')
export class DeliveriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries, newest first; page with ?before=<created_at of the last one>' })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'before', required: false, type: String })
  list(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ) {
    return this.queries.execute(
      new ListDeliveriesQuery(actor, repositoryFromPath(namespace, repo), uuid, {
        status: parseStatus(status),
        limit: parseLimit(limit, 50),
        before: parseDate('before', before),
      }),
    );
  }

  @Post('redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Redeliver every delivery that failed for good since a time' })
  redeliverSince(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
    @Body() body: RedeliverSinceBody,
  ) {
    const since = parseDate('since', requireJsonObject(body).since);
    if (!since) throw new BadRequestException('since is required: an ISO 8601 date-time');
    return this.commands.execute(
      new RedeliverFailedSinceCommand(actor, repositoryFromPath(namespace, repo), uuid, since),
    );
  }

  @Get(':deliveryId')
  @ApiOperation({ summary: 'One delivery with all its attempts' })
  get(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    return this.queries.execute(new GetDeliveryQuery(actor, repositoryFromPath(namespace, repo), uuid, deliveryId));
  }

  @Post(':deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send one delivery again (even one that succeeded)' })
  redeliver(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    return this.commands.execute(new RedeliverCommand(actor, repositoryFromPath(namespace, repo), uuid, deliveryId));
  }
}
