import { CommandHandler } from '@nestjs/cqrs';
import { ActionRegistry } from '../../actions/action-registry.service';
import { AuditLog } from '../../audit/audit-log.service';
import { DomainEventPublisher } from '../../domain-events/domain-event.publisher';
import { NotificationSecretRotated } from '../../domain-events/notification.events';
import { CommandValidationError, NotFoundError } from '../../errors/domain.errors';
import { NotificationRepository } from '../../notification/notification.repository';
import { NotificationView, toView } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ConfigSecrets } from '../../secrets/config-secrets.service';
import { revealOnce } from '../../secrets/reveal-once';
import { RotateNotificationSecretCommand } from './rotate-notification-secret.command';

@CommandHandler(RotateNotificationSecretCommand)
export class RotateNotificationSecretHandler extends AuthorizedHandler<
  RotateNotificationSecretCommand,
  NotificationView
> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly actions: ActionRegistry,
    private readonly audit: AuditLog,
    private readonly domainEvents: DomainEventPublisher,
    private readonly secrets: ConfigSecrets,
  ) {
    super();
  }

  protected async handle(cmd: RotateNotificationSecretCommand): Promise<NotificationView> {
    const n = await this.notifications.findOne(cmd.repository, cmd.uuid);
    if (!n) throw new NotFoundError(`notification ${cmd.uuid} not found in repository ${cmd.repository}`);
    const plugin = this.actions.get(n.method);
    if (!plugin?.rotateSecrets) {
      throw new CommandValidationError([`method "${n.method}" has no generated secret to rotate`]);
    }
    const rotated = await plugin.rotateSecrets(this.secrets.open(n.config ?? {}), {
      repository: cmd.repository,
      actorId: cmd.actor.id,
      now: new Date(),
    });
    if ('errors' in rotated) throw new CommandValidationError(rotated.errors);
    const stored = this.secrets.seal(n.method, rotated.config);
    await this.notifications.replaceConfig(n.uuid, stored);
    await this.audit.notificationChanged('rotate_repo_notification_secret', cmd.actor, n);
    // Every instance re-reads the notification, so the new secret signs from the next delivery on.
    await this.domainEvents.publish(new NotificationSecretRotated(n.uuid, cmd.repository, cmd.actor.id));
    return toView(n, revealOnce(this.secrets.mask(n.method, stored), rotated));
  }
}
