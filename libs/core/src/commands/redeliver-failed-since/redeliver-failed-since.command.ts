import type { Actor } from '../../permissions/actor';
import { NotificationCommand } from '../../permissions/herald.command';

/** Every delivery of the notification that failed for good since `since` goes out again. */
export class RedeliverFailedSinceCommand extends NotificationCommand<{ redelivered: number; delivery_ids: string[] }> {
  constructor(
    actor: Actor,
    repository: string,
    uuid: string,
    readonly since: Date,
  ) {
    super(actor, repository, uuid);
  }
}
