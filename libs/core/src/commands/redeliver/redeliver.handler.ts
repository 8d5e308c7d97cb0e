import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { NotFoundError } from '../../errors/domain.errors';
import { DeliveryHistory } from '../../history/delivery-history.service';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { RedeliverCommand } from './redeliver.command';
import { Redelivery } from './redelivery.service';

@CommandHandler(RedeliverCommand)
export class RedeliverHandler extends AuthorizedHandler<RedeliverCommand, { delivery_id: string; status: 'pending' }> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly history: DeliveryHistory,
    private readonly redelivery: Redelivery,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  protected async handle(cmd: RedeliverCommand): Promise<{ delivery_id: string; status: 'pending' }> {
    const notification = await this.notifications.getOrThrow(cmd.repository, cmd.uuid);
    const record = await this.history.get(cmd.uuid, cmd.deliveryId);
    if (!record) throw new NotFoundError(`delivery ${cmd.deliveryId} not found for notification ${cmd.uuid}`);
    await this.redelivery.redeliver(record, notification);
    await this.audit.record({
      kind: 'redeliver_repo_notification',
      actor: cmd.actor,
      repository: cmd.repository,
      notificationUuid: cmd.uuid,
      metadata: { deliveries: [cmd.deliveryId] },
    });
    return { delivery_id: cmd.deliveryId, status: 'pending' };
  }
}
