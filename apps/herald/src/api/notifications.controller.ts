import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import {
  Actor,
  CreateNotificationCommand,
  DeleteNotificationCommand,
  GetNotificationQuery,
  ListNotificationsQuery,
  NotificationView,
  ResetNotificationFailuresCommand,
  RotateNotificationSecretCommand,
  TestNotificationCommand,
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
import { CreateNotificationBody, NotificationListResponse, NotificationResponse } from './notification.dto';
import { repositoryFromPath, requireJsonObject } from './repository-path';

/** Quay's repository notification API; every route is a command or query through the permission-checked bus. */
@ApiTags('notifications')
@ApiRepositoryPath()
@UseGuards(AuthGuard)
@Controller('api/v1/repository/:namespace/:repo/notification')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a notification' })
  @ApiBody({ type: CreateNotificationBody })
  @ApiResponse({
    status: 201,
    type: NotificationResponse,
    links: linksTo(
      [
        'NotificationsController_get',
        'NotificationsController_delete',
        'NotificationsController_reset',
        'NotificationsController_test',
        'DeliveriesController_list',
      ],
      { ...SAME_REPOSITORY, uuid: '$response.body#/uuid' },
    ),
  })
  @ApiStandardErrors({ repository: true, body: true, badRequest: [BAD_REQUEST.fields] })
  create(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Body() body: CreateNotificationBody,
  ): Promise<NotificationView> {
    const repository = repositoryFromPath(namespace, repo);
    return this.commands.execute(new CreateNotificationCommand(actor, repository, requireJsonObject(body)));
  }

  @Get()
  @ApiOperation({ summary: "List the repository's notifications" })
  @ApiResponse({ status: 200, type: NotificationListResponse })
  @ApiStandardErrors({ repository: true })
  list(@CurrentActor() actor: Actor, @Param('namespace') namespace: string, @Param('repo') repo: string) {
    return this.queries.execute(new ListNotificationsQuery(actor, repositoryFromPath(namespace, repo)));
  }

  @Get(':uuid')
  @ApiOperation({ summary: 'Get one notification' })
  @ApiResponse({ status: 200, type: NotificationResponse })
  @ApiNotificationUuid()
  @ApiStandardErrors({ repository: true, notFound: NOTIFICATION_NOT_FOUND })
  get(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
  ): Promise<NotificationView> {
    return this.queries.execute(new GetNotificationQuery(actor, repositoryFromPath(namespace, repo), uuid));
  }

  @Delete(':uuid')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a notification; its pending deliveries are dropped' })
  @ApiResponse({ status: 204, description: 'done; no body' })
  @ApiNotificationUuid()
  @ApiStandardErrors({ repository: true, notFound: NOTIFICATION_NOT_FOUND })
  async delete(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
  ): Promise<void> {
    await this.commands.execute(new DeleteNotificationCommand(actor, repositoryFromPath(namespace, repo), uuid));
  }

  @Post(':uuid')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reset the failure count, re-enabling the notification' })
  @ApiResponse({ status: 204, description: 'done; no body' })
  @ApiNotificationUuid()
  @ApiStandardErrors({ repository: true, notFound: NOTIFICATION_NOT_FOUND })
  async reset(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
  ): Promise<void> {
    await this.commands.execute(new ResetNotificationFailuresCommand(actor, repositoryFromPath(namespace, repo), uuid));
  }

  @Post(':uuid/test')
  @HttpCode(200)
  @ApiOperation({ summary: "Send the event's sample payload through the notification's action" })
  @ApiResponse({
    status: 200,
    description: 'queued for delivery: an empty object',
    schema: { type: 'object', properties: {}, additionalProperties: false },
  })
  @ApiNotificationUuid()
  @ApiStandardErrors({ repository: true, notFound: NOTIFICATION_NOT_FOUND })
  test(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
  ): Promise<Record<string, never>> {
    return this.commands.execute(new TestNotificationCommand(actor, repositoryFromPath(namespace, repo), uuid));
  }

  @Post(':uuid/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: "Rotate the secret the notification's action generated (the webhook's signing secret)",
    description:
      'The answer shows the new secret in clear, this once; the previous one stays valid for the overlap the action sets.',
  })
  @ApiResponse({ status: 200, type: NotificationResponse })
  @ApiNotificationUuid()
  @ApiStandardErrors({
    repository: true,
    notFound: NOTIFICATION_NOT_FOUND,
    badRequest: ['the notification has no generated secret to rotate (its action has none, or signing is off)'],
  })
  rotateSecret(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('uuid') uuid: string,
  ): Promise<NotificationView> {
    return this.commands.execute(new RotateNotificationSecretCommand(actor, repositoryFromPath(namespace, repo), uuid));
  }
}
