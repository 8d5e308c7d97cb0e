import type { Actor } from '../../permissions/actor';
import { RepositoryQuery } from '../../permissions/herald.command';
import type { NotificationView } from '../../notification/notification.view';

export class GetNotificationQuery extends RepositoryQuery<NotificationView> {
  constructor(
    actor: Actor,
    repository: string,
    readonly uuid: string,
  ) {
    super(actor, repository);
  }
}
