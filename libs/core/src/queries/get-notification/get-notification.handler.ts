import { QueryHandler } from '@nestjs/cqrs';
import { NotificationRepository } from '../../notification/notification.repository';
import { NotificationView, toView } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { GetNotificationQuery } from './get-notification.query';

@QueryHandler(GetNotificationQuery)
export class GetNotificationHandler extends AuthorizedHandler<GetNotificationQuery, NotificationView> {
  constructor(private readonly notifications: NotificationRepository) {
    super();
  }

  protected async handle(q: GetNotificationQuery): Promise<NotificationView> {
    return toView(await this.notifications.getOrThrow(q.repository, q.uuid));
  }
}
