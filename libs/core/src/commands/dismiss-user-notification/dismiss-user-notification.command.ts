import type { InboxItemView } from '../../inbox/inbox-item.view';
import type { Actor } from '../../permissions/actor';
import { PersonalCommand } from '../../permissions/herald.command';

/** Dismisses (or restores) one of the actor's notifications, for the actor only. */
export class DismissUserNotificationCommand extends PersonalCommand<InboxItemView> {
  constructor(
    actor: Actor,
    readonly id: string,
    readonly dismissed: boolean,
  ) {
    super(actor);
  }
}
