import { QueryHandler } from '@nestjs/cqrs';
import type { InboxPage } from '../../inbox/inbox-item.view';
import { InboxStore } from '../../inbox/inbox.store';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ListUserNotificationsQuery } from './list-user-notifications.query';

@QueryHandler(ListUserNotificationsQuery)
export class ListUserNotificationsHandler extends AuthorizedHandler<ListUserNotificationsQuery, InboxPage> {
  constructor(private readonly inbox: InboxStore) {
    super();
  }

  protected handle(q: ListUserNotificationsQuery): Promise<InboxPage> {
    return this.inbox.list(q.actor, q.page, q.limit);
  }
}
