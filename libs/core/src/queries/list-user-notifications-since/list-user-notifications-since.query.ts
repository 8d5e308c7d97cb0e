import type { InboxItemView } from '../../inbox/inbox-item.view';
import type { Actor } from '../../permissions/actor';
import { PersonalQuery } from '../../permissions/herald.command';

/** What the actor's stream missed: their items created after `afterId`, oldest first (Last-Event-ID). */
export class ListUserNotificationsSinceQuery extends PersonalQuery<InboxItemView[]> {
  constructor(
    actor: Actor,
    readonly afterId: string,
  ) {
    super(actor);
  }
}
