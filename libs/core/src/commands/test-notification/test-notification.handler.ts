import { randomUUID } from 'node:crypto';
import { CommandHandler } from '@nestjs/cqrs';
import type { EventKind } from '@herald/events';
import { AuditLog } from '../../audit/audit-log.service';
import { DeliveryQueue } from '../../dispatch/delivery-queue.service';
import { deliveryIdOf, firstAttempt } from '../../dispatch/delivery-message';
import { DomainEventPublisher } from '../../domain-events/domain-event.publisher';
import { NotificationTested } from '../../domain-events/notification.events';
import { NotificationRepository } from '../../notification/notification.repository';
import { toSnapshot } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { samplePayloadFor } from './sample-payload';
import { TestNotificationCommand } from './test-notification.command';

@CommandHandler(TestNotificationCommand)
export class TestNotificationHandler extends AuthorizedHandler<TestNotificationCommand, Record<string, never>> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly queue: DeliveryQueue,
    private readonly audit: AuditLog,
    private readonly domainEvents: DomainEventPublisher,
  ) {
    super();
  }

  protected async handle(cmd: TestNotificationCommand): Promise<Record<string, never>> {
    const n = await this.notifications.getOrThrow(cmd.repository, cmd.uuid);
    const eventId = `test-${randomUUID()}`;
    await this.queue.enqueue(
      firstAttempt({
        deliveryId: deliveryIdOf(eventId, n.uuid),
        eventId,
        event: n.event as EventKind,
        payload: samplePayloadFor(n.event as EventKind, n.repository),
        // The queue carries no config (encodeDelivery): the actor takes the current one from the routing index.
        notification: toSnapshot(n, {}),
        test: true,
      }),
    );
    await this.audit.record({
      kind: 'test_repo_notification',
      actor: cmd.actor,
      repository: cmd.repository,
      notificationUuid: n.uuid,
      metadata: { event: n.event, method: n.method, delivery: eventId },
    });
    await this.domainEvents.publish(new NotificationTested(n.uuid, cmd.repository, cmd.actor.id));
    return {};
  }
}
