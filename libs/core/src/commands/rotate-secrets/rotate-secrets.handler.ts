import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { DEPLOYMENT_TARGET } from '../../permissions/actor';
import { ConfigSecrets } from '../../secrets/config-secrets.service';
import { RotateSecretsCommand, RotateSecretsResult } from './rotate-secrets.command';

@CommandHandler(RotateSecretsCommand)
export class RotateSecretsHandler extends AuthorizedHandler<RotateSecretsCommand, RotateSecretsResult> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly secrets: ConfigSecrets,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  protected async handle(cmd: RotateSecretsCommand): Promise<RotateSecretsResult> {
    let scanned = 0;
    let resealed = 0;
    for await (const batch of this.notifications.all()) {
      for (const n of batch) {
        scanned++;
        if (!this.secrets.needsReseal(n.method, n.config ?? {})) continue;
        // The plain values do not change, so the routing index and queued deliveries are unaffected.
        await this.notifications.replaceConfig(n.uuid, this.secrets.seal(n.method, n.config ?? {}));
        resealed++;
      }
    }
    const result = { key_id: this.secrets.activeKeyId, resealed, scanned };
    await this.audit.record({
      kind: 'rotate_secrets',
      actor: cmd.actor,
      repository: DEPLOYMENT_TARGET,
      metadata: result,
    });
    return result;
  }
}
