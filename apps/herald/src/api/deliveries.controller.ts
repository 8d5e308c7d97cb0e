import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
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
import {
  ApiNotificationUuid,
  ApiRepositoryPath,
  ApiStandardErrors,
  BAD_REQUEST,
  linksTo,
  NOTIFICATION_NOT_FOUND,
  SAME_REPOSITORY,
} from './api-docs.decorators';
import {
  DeliveryDetailResponse,
  DeliveryListResponse,
  RedeliverSinceBody,
  RedeliverSinceResponse,
  RedeliveryResponse,
} from './delivery.dto';
import { ApiBeforeQuery, ApiLimitQuery, parseDate, parseLimit } from './query-params';
import { repositoryFromPath, requireJsonObject } from './repository-path';

const DELIVERY_NOT_FOUND = 'no notification with that uuid in the repository, or no delivery with that id of it';

const ApiDeliveryId = () =>
  ApiParam({
    name: 'deliveryId',
    description: '`<event id>:<notification uuid>`, as `delivery_id` in the history',
    schema: { type: 'string' },
  });

function parseStatus(raw: string | undefined): DeliveryStatus | undefined {
  if (raw === undefined) return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(raw)) {
    throw new BadRequestException(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
  }
  return raw as DeliveryStatus;
}

/** A notification's delivery history: every attempt, and redelivery of one delivery or of all failures since T. */
@ApiTags('deliveries')
@ApiRepositoryPath()
@ApiNotificationUuid()
@UseGuards(AuthGuard)
@Controller('api/v1/repository/:namespace/:repo/notification/:uuid/deliveries')
export class DeliveriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries, newest first; page with ?before=<created_at of the last one>' })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES, description: 'Only deliveries in this state' })
  @ApiLimitQuery(50)
  @ApiBeforeQuery('created_at')
  @ApiResponse({
    status: 200,
    type: DeliveryListResponse,
    links: linksTo(['DeliveriesController_get', 'DeliveriesController_redeliver'], {
      ...SAME_REPOSITORY,
      uuid: '$request.path.uuid',
      deliveryId: '$response.body#/deliveries/0/delivery_id',
    }),
  })
  @ApiStandardErrors({ repository: true, badRequest: [BAD_REQUEST.query], notFound: NOTIFICATION_NOT_FOUND })
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
  @ApiResponse({ status: 202, type: RedeliverSinceResponse })
  @ApiStandardErrors({
    repository: true,
    body: true,
    badRequest: ['since is missing or not an ISO 8601 date-time'],
    notFound: NOTIFICATION_NOT_FOUND,
  })
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
  @ApiDeliveryId()
  @ApiResponse({ status: 200, type: DeliveryDetailResponse })
  @ApiStandardErrors({ repository: true, notFound: DELIVERY_NOT_FOUND })
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
  @ApiDeliveryId()
  @ApiResponse({ status: 202, type: RedeliveryResponse })
  @ApiStandardErrors({ repository: true, notFound: DELIVERY_NOT_FOUND })
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
