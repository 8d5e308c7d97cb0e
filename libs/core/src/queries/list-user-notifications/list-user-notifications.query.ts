import type { InboxPage } from '../../inbox/inbox-item.view';
import type { Actor } from '../../permissions/actor';
import { PersonalQuery } from '../../permissions/herald.command';

/** The actor's notification area, newest first: their own items and their teams' and organizations'. */
export class ListUserNotificationsQuery extends PersonalQuery<InboxPage> {
  constructor(
    actor: Actor,
    readonly page: number,
    readonly limit: number,
  ) {
    super(actor);
  }
}
