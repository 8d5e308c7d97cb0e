import { CommandHandler } from '@nestjs/cqrs';
import type { InboxItemView } from '../../inbox/inbox-item.view';
import { InboxStore } from '../../inbox/inbox.store';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { DismissUserNotificationCommand } from './dismiss-user-notification.command';

@CommandHandler(DismissUserNotificationCommand)
export class DismissUserNotificationHandler extends AuthorizedHandler<DismissUserNotificationCommand, InboxItemView> {
  constructor(private readonly inbox: InboxStore) {
    super();
  }

  protected handle(cmd: DismissUserNotificationCommand): Promise<InboxItemView> {
    return this.inbox.setDismissed(cmd.actor, cmd.id, cmd.dismissed);
  }
}
