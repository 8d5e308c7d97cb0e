import { QueryHandler } from '@nestjs/cqrs';
import { NotificationRepository } from '../../notification/notification.repository';
import { NotificationView, toView } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ConfigSecrets } from '../../secrets/config-secrets.service';
import { ListNotificationsQuery } from './list-notifications.query';

@QueryHandler(ListNotificationsQuery)
export class ListNotificationsHandler extends AuthorizedHandler<
  ListNotificationsQuery,
  { notifications: NotificationView[] }
> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly secrets: ConfigSecrets,
  ) {
    super();
  }

  protected async handle(q: ListNotificationsQuery): Promise<{ notifications: NotificationView[] }> {
    return {
      notifications: (await this.notifications.list(q.repository)).map((n) =>
        toView(n, this.secrets.mask(n.method, n.config ?? {})),
      ),
    };
  }
}
