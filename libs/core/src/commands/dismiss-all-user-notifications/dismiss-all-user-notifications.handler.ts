import { CommandHandler } from '@nestjs/cqrs';
import { InboxStore } from '../../inbox/inbox.store';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { DismissAllUserNotificationsCommand } from './dismiss-all-user-notifications.command';

@CommandHandler(DismissAllUserNotificationsCommand)
export class DismissAllUserNotificationsHandler extends AuthorizedHandler<
  DismissAllUserNotificationsCommand,
  { dismissed: number }
> {
  constructor(private readonly inbox: InboxStore) {
    super();
  }

  protected async handle(cmd: DismissAllUserNotificationsCommand): Promise<{ dismissed: number }> {
    return { dismissed: await this.inbox.dismissAll(cmd.actor) };
  }
}
