import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { DomainEventPublisher } from '../../domain-events/domain-event.publisher';
import { NotificationDeleted } from '../../domain-events/notification.events';
import { NotFoundError } from '../../errors/domain.errors';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { DeleteNotificationCommand } from './delete-notification.command';

@CommandHandler(DeleteNotificationCommand)
export class DeleteNotificationHandler extends AuthorizedHandler<DeleteNotificationCommand, void> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditLog,
    private readonly domainEvents: DomainEventPublisher,
  ) {
    super();
  }

  protected async handle(cmd: DeleteNotificationCommand): Promise<void> {
    const existing = await this.notifications.getOrThrow(cmd.repository, cmd.uuid);
    if (!(await this.notifications.delete(cmd.repository, cmd.uuid))) {
      throw new NotFoundError(`notification ${cmd.uuid} not found in repository ${cmd.repository}`);
    }
    await this.audit.notificationChanged('delete_repo_notification', cmd.actor, existing);
    await this.domainEvents.publish(new NotificationDeleted(cmd.uuid, cmd.repository, cmd.actor.id));
  }
}
