import { QueryHandler } from '@nestjs/cqrs';
import type { InboxItemView } from '../../inbox/inbox-item.view';
import { InboxStore } from '../../inbox/inbox.store';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ListUserNotificationsSinceQuery } from './list-user-notifications-since.query';

@QueryHandler(ListUserNotificationsSinceQuery)
export class ListUserNotificationsSinceHandler extends AuthorizedHandler<
  ListUserNotificationsSinceQuery,
  InboxItemView[]
> {
  constructor(private readonly inbox: InboxStore) {
    super();
  }

  protected handle(q: ListUserNotificationsSinceQuery): Promise<InboxItemView[]> {
    return this.inbox.since(q.actor, q.afterId);
  }
}
