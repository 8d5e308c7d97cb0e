import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard, CurrentActor } from '@herald/auth';
import {
  Actor,
  CommandValidationError,
  DismissAllUserNotificationsCommand,
  DismissUserNotificationCommand,
  InboxItemView,
  InboxPage,
  ListUserNotificationsQuery,
} from '@herald/core';
import { InboxStreamHub } from '../inbox-stream/inbox-stream.hub';
import { ApiStandardErrors, BAD_REQUEST } from './api-docs.decorators';
import { ApiLimitQuery, ApiPageQuery, parseLimit, parsePage } from './query-params';
import { requireJsonObject } from './repository-path';
import {
  DismissAllResponse,
  DismissBody,
  UserNotificationListResponse,
  UserNotificationResponse,
} from './user-notification.dto';

const NOT_FOUND = 'no notification with that id that this bearer can see';

/**
 * The bearer's notification area (Quay's `/user/notifications`): their own in-app notifications and those of the
 * teams and organizations their token's claims name. Each item is the bearer's to dismiss, for themselves only.
 */
@ApiTags('user notifications')
@UseGuards(AuthGuard)
@Controller('api/v1/user/notifications')
export class UserNotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly hub: InboxStreamHub,
  ) {}

  @Get()
  @ApiOperation({ summary: "List the bearer's in-app notifications, newest first" })
  @ApiPageQuery()
  @ApiLimitQuery(20)
  @ApiResponse({ status: 200, type: UserNotificationListResponse })
  @ApiStandardErrors({ badRequest: [BAD_REQUEST.query] })
  list(@CurrentActor() actor: Actor, @Query('page') page?: string, @Query('limit') limit?: string): Promise<InboxPage> {
    return this.queries.execute(new ListUserNotificationsQuery(actor, parsePage(page), parseLimit(limit, 20)));
  }

  @Get('stream')
  @ApiOperation({
    summary: "The bearer's new in-app notifications, live (Server-Sent Events)",
    description:
      'Each new notification the bearer can see is an event `id: <id>`, `event: notification`, `data: <the item as ' +
      'the list shows it>`; a `: heartbeat` comment comes every HERALD_SSE_HEARTBEAT_MS. With `Last-Event-ID` the ' +
      'stream first replays, oldest first, the ones created after that id. The token goes in the Authorization ' +
      'header only (read the stream with fetch(); EventSource cannot send headers). A token holds at most ' +
      'HERALD_SSE_MAX_PER_ACTOR streams open on one instance: one more is a 429.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last notification received: the ones after it are replayed first',
  })
  @ApiResponse({
    status: 200,
    description: 'an endless text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiStandardErrors()
  stream(
    @CurrentActor() actor: Actor,
    @Res() res: Response,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<void> {
    return this.hub.open(actor, res, lastEventId);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Dismiss one notification (or bring it back), for this bearer only' })
  @ApiParam({ name: 'id', description: "The notification's id", schema: { type: 'string' } })
  @ApiBody({ type: DismissBody })
  @ApiResponse({ status: 200, type: UserNotificationResponse })
  @ApiStandardErrors({
    pathParams: true,
    body: true,
    badRequest: [BAD_REQUEST.fields],
    notFound: NOT_FOUND,
  })
  dismiss(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DismissBody): Promise<InboxItemView> {
    const { dismissed } = requireJsonObject(body);
    if (typeof dismissed !== 'boolean') throw new CommandValidationError(['dismissed: must be true or false']);
    return this.commands.execute(new DismissUserNotificationCommand(actor, id, dismissed));
  }

  @Post('dismiss_all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss every notification this bearer has not dismissed yet' })
  @ApiResponse({ status: 200, type: DismissAllResponse })
  @ApiStandardErrors()
  dismissAll(@CurrentActor() actor: Actor): Promise<{ dismissed: number }> {
    return this.commands.execute(new DismissAllUserNotificationsCommand(actor));
  }
}
