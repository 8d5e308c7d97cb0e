import type { Actor } from '../../permissions/actor';
import { RepositoryCommand } from '../../permissions/herald.command';
import type { NotificationView } from '../../notification/notification.view';

/** Quay's create body; fields are unknown until the handler has validated them. */
export interface CreateNotificationInput {
  event?: unknown;
  method?: unknown;
  config?: unknown;
  eventConfig?: unknown;
  title?: unknown;
  /** Herald's own: how the notification's lane runs (lanes/lane-settings.ts). */
  ordering?: unknown;
  max_in_flight?: unknown;
  rate_limit?: unknown;
}

export class CreateNotificationCommand extends RepositoryCommand<NotificationView> {
  constructor(
    actor: Actor,
    repository: string,
    readonly input: CreateNotificationInput,
  ) {
    super(actor, repository);
  }
}
