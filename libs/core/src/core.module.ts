import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { MongooseModule } from '@nestjs/mongoose';
import { ActionActors } from './actions/action-actors.service';
import { ActionRegistry } from './actions/action-registry.service';
import { AuditEntry, AuditEntrySchema } from './audit/audit-entry.schema';
import { AuditLog } from './audit/audit-log.service';
import { CreateNotificationHandler } from './commands/create-notification/create-notification.handler';
import { DeleteNotificationHandler } from './commands/delete-notification/delete-notification.handler';
import { ResetNotificationFailuresHandler } from './commands/reset-notification-failures/reset-notification-failures.handler';
import { TestNotificationHandler } from './commands/test-notification/test-notification.handler';
import { CORE_SETTINGS, CoreSettings, DEFAULT_CORE_SETTINGS } from './core-settings';
import { DeliveryQueue } from './dispatch/delivery-queue.service';
import { EventDispatcher } from './dispatch/event-dispatcher.service';
import { DIRECT_ENTRY } from './lanes/direct-work';
import { LaneTraffic } from './lanes/lane-traffic';
import { DomainEventPublisher } from './domain-events/domain-event.publisher';
import { NotificationRepository } from './notification/notification.repository';
import { Notification, NotificationSchema } from './notification/notification.schema';
import { CommandAuthorizer } from './permissions/command-authorizer.service';
import { HandlerPermissionVerifier } from './permissions/handler-permission.verifier';
import { GetNotificationHandler } from './queries/get-notification/get-notification.handler';
import { ListAuditLogHandler } from './queries/list-audit-log/list-audit-log.handler';
import { ListNotificationsHandler } from './queries/list-notifications/list-notifications.handler';
import { RoutingIndex } from './routing/routing-index.service';
import { RedeliverHandler } from './commands/redeliver/redeliver.handler';
import { Redelivery } from './commands/redeliver/redelivery.service';
import { RedeliverFailedSinceHandler } from './commands/redeliver-failed-since/redeliver-failed-since.handler';
import { GetDeliveryHandler } from './queries/get-delivery/get-delivery.handler';
import { ListDeliveriesHandler } from './queries/list-deliveries/list-deliveries.handler';
import { FailurePolicy } from './delivery/failure-policy.service';
import { DeliveryHistory } from './history/delivery-history.service';
import { DeliveryRecord, DeliveryRecordSchema } from './history/delivery-record.schema';
import { RotateSecretsHandler } from './commands/rotate-secrets/rotate-secrets.handler';
import { RotateNotificationSecretHandler } from './commands/rotate-notification-secret/rotate-notification-secret.handler';
import { ConfigSecrets, SECRET_BOX } from './secrets/config-secrets.service';
import { EncryptionKey, SecretBox } from './secrets/secret-box';
import { AuthorizedEmail, AuthorizedEmailSchema } from './email-authorization/authorized-email.schema';
import { EmailAuthorizations } from './email-authorization/email-authorizations.service';
import { RequestEmailAuthorizationHandler } from './commands/request-email-authorization/request-email-authorization.handler';
import { ConfirmEmailAuthorizationHandler } from './commands/confirm-email-authorization/confirm-email-authorization.handler';
import { RevokeEmailAuthorizationHandler } from './commands/revoke-email-authorization/revoke-email-authorization.handler';
import { GetEmailAuthorizationHandler } from './queries/get-email-authorization/get-email-authorization.handler';
import { EngineEvents } from './metrics/engine-events';
import { IN_APP_INBOX } from '@herald/plugin-sdk';
import {
  InboxDeliveryClaim,
  InboxDeliveryClaimSchema,
  InboxDismissal,
  InboxDismissalSchema,
  InboxItem,
  InboxItemSchema,
} from './inbox/inbox-item.schema';
import { InboxStore } from './inbox/inbox.store';
import { DisabledNotices } from './inbox/disabled-notices.service';
import { ListUserNotificationsHandler } from './queries/list-user-notifications/list-user-notifications.handler';
import { ListUserNotificationsSinceHandler } from './queries/list-user-notifications-since/list-user-notifications-since.handler';
import { DismissUserNotificationHandler } from './commands/dismiss-user-notification/dismiss-user-notification.handler';
import { DismissAllUserNotificationsHandler } from './commands/dismiss-all-user-notifications/dismiss-all-user-notifications.handler';
import { ListMethodsHandler } from './queries/list-methods/list-methods.handler';

const handlers = [
  RedeliverHandler,
  RedeliverFailedSinceHandler,
  ListDeliveriesHandler,
  GetDeliveryHandler,
  CreateNotificationHandler,
  DeleteNotificationHandler,
  ResetNotificationFailuresHandler,
  TestNotificationHandler,
  ListNotificationsHandler,
  GetNotificationHandler,
  ListAuditLogHandler,
  RotateSecretsHandler,
  RotateNotificationSecretHandler,
  RequestEmailAuthorizationHandler,
  ConfirmEmailAuthorizationHandler,
  RevokeEmailAuthorizationHandler,
  GetEmailAuthorizationHandler,
  ListUserNotificationsHandler,
  ListUserNotificationsSinceHandler,
  DismissUserNotificationHandler,
  DismissAllUserNotificationsHandler,
  ListMethodsHandler,
];

export interface CoreSecretsOptions {
  /** The first seals new secrets; all open. */
  encryptionKeys: EncryptionKey[];
}

/**
 * Notifications and their commands, the routing index, event dispatch and the action actors. Expects TransportModule
 * and a Mongoose connection from the host.
 */
@Module({})
export class CoreModule {
  static register(settings: Partial<CoreSettings>, secrets: CoreSecretsOptions): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        DiscoveryModule,
        MongooseModule.forFeature([
          { name: Notification.name, schema: NotificationSchema },
          { name: AuditEntry.name, schema: AuditEntrySchema },
          { name: DeliveryRecord.name, schema: DeliveryRecordSchema },
          { name: AuthorizedEmail.name, schema: AuthorizedEmailSchema },
          { name: InboxItem.name, schema: InboxItemSchema },
          { name: InboxDismissal.name, schema: InboxDismissalSchema },
          { name: InboxDeliveryClaim.name, schema: InboxDeliveryClaimSchema },
        ]),
      ],
      providers: [
        { provide: CORE_SETTINGS, useValue: { ...DEFAULT_CORE_SETTINGS, ...settings } },
        { provide: SECRET_BOX, useValue: new SecretBox(secrets.encryptionKeys) },
        ConfigSecrets,
        EmailAuthorizations,
        NotificationRepository,
        AuditLog,
        CommandAuthorizer,
        HandlerPermissionVerifier,
        DomainEventPublisher,
        RoutingIndex,
        LaneTraffic,
        DeliveryQueue,
        DeliveryHistory,
        FailurePolicy,
        Redelivery,
        EventDispatcher,
        ActionRegistry,
        ActionActors,
        { provide: DIRECT_ENTRY, useExisting: ActionActors },
        EngineEvents,
        InboxStore,
        // What in-app action plugins inject (their modules see it: this module is global).
        { provide: IN_APP_INBOX, useExisting: InboxStore },
        DisabledNotices,
        ...handlers,
      ],
      exports: [
        CqrsModule,
        NotificationRepository,
        AuditLog,
        CommandAuthorizer,
        DomainEventPublisher,
        RoutingIndex,
        DeliveryQueue,
        DeliveryHistory,
        EventDispatcher,
        ActionRegistry,
        ActionActors,
        EngineEvents,
        ConfigSecrets,
        EmailAuthorizations,
        InboxStore,
        IN_APP_INBOX,
        CORE_SETTINGS,
      ],
    };
  }
}
