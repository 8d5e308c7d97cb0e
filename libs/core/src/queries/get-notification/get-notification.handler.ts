import { QueryHandler } from '@nestjs/cqrs';
import { NotificationRepository } from '../../notification/notification.repository';
import { NotificationView, toView } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ConfigSecrets } from '../../secrets/config-secrets.service';
import { GetNotificationQuery } from './get-notification.query';

@QueryHandler(GetNotificationQuery)
export class GetNotificationHandler extends AuthorizedHandler<GetNotificationQuery, NotificationView> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly secrets: ConfigSecrets,
  ) {
    super();
  }

  protected async handle(q: GetNotificationQuery): Promise<NotificationView> {
    const n = await this.notifications.getOrThrow(q.repository, q.uuid);
    return toView(n, this.secrets.mask(n.method, n.config ?? {}));
  }
}
