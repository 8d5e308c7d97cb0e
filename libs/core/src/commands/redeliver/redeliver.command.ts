import type { Actor } from '../../permissions/actor';
import { NotificationCommand } from '../../permissions/herald.command';

export class RedeliverCommand extends NotificationCommand<{ delivery_id: string; status: 'pending' }> {
  constructor(
    actor: Actor,
    repository: string,
    uuid: string,
    readonly deliveryId: string,
  ) {
    super(actor, repository, uuid);
  }
}
