import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { DomainEventPublisher } from '../../domain-events/domain-event.publisher';
import { NotificationReset } from '../../domain-events/notification.events';
import { NotFoundError } from '../../errors/domain.errors';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ResetNotificationFailuresCommand } from './reset-notification-failures.command';

@CommandHandler(ResetNotificationFailuresCommand)
export class ResetNotificationFailuresHandler extends AuthorizedHandler<ResetNotificationFailuresCommand, void> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditLog,
    private readonly domainEvents: DomainEventPublisher,
  ) {
    super();
  }

  protected async handle(cmd: ResetNotificationFailuresCommand): Promise<void> {
    const updated = await this.notifications.resetFailures(cmd.repository, cmd.uuid);
    if (!updated) throw new NotFoundError(`notification ${cmd.uuid} not found in repository ${cmd.repository}`);
    await this.audit.notificationChanged('reset_repo_notification', cmd.actor, updated);
    await this.domainEvents.publish(new NotificationReset(cmd.uuid, cmd.repository, cmd.actor.id));
  }
}
