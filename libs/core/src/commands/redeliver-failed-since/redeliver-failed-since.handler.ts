import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { DeliveryHistory } from '../../history/delivery-history.service';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { Redelivery } from '../redeliver/redelivery.service';
import { RedeliverFailedSinceCommand } from './redeliver-failed-since.command';

/** One request recovers at most this many; the answer says how many, so a client can repeat it. */
const MAX_PER_REQUEST = 1000;

type Result = { redelivered: number; delivery_ids: string[] };

@CommandHandler(RedeliverFailedSinceCommand)
export class RedeliverFailedSinceHandler extends AuthorizedHandler<RedeliverFailedSinceCommand, Result> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly history: DeliveryHistory,
    private readonly redelivery: Redelivery,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  protected async handle(cmd: RedeliverFailedSinceCommand): Promise<Result> {
    const notification = await this.notifications.getOrThrow(cmd.repository, cmd.uuid);
    const failed = await this.history.failedSince(cmd.uuid, cmd.since, MAX_PER_REQUEST);
    for (const record of failed) await this.redelivery.redeliver(record, notification);
    const ids = failed.map((r) => r.view.delivery_id);
    await this.audit.record({
      kind: 'redeliver_repo_notification',
      actor: cmd.actor,
      repository: cmd.repository,
      notificationUuid: cmd.uuid,
      metadata: { since: cmd.since.toISOString(), deliveries: ids },
    });
    return { redelivered: ids.length, delivery_ids: ids };
  }
}
