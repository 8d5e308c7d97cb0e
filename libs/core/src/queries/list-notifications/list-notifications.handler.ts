import { QueryHandler } from '@nestjs/cqrs';
import { NotificationRepository } from '../../notification/notification.repository';
import { NotificationView, toView } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ListNotificationsQuery } from './list-notifications.query';

@QueryHandler(ListNotificationsQuery)
export class ListNotificationsHandler extends AuthorizedHandler<
  ListNotificationsQuery,
  { notifications: NotificationView[] }
> {
  constructor(private readonly notifications: NotificationRepository) {
    super();
  }

  protected async handle(q: ListNotificationsQuery): Promise<{ notifications: NotificationView[] }> {
    return { notifications: (await this.notifications.list(q.repository)).map(toView) };
  }
}
