import { Inject, Injectable } from '@nestjs/common';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
  IN_APP_INBOX,
  InAppInbox,
  InboxRefusedError,
} from '@herald/plugin-sdk';
import { QuayNotificationConfig } from './quay-notification-config.dto';

/** Rejects once the signal aborts, so a hung store counts as a timeout, not a plugin that ignores its signal. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted before the inbox answered'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('the inbox did not answer before the delivery timeout'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Quay's in-app notification: the event goes to the notification area (the bell) of a user, of every member of a
 * team, or of a whole organization. Herald's inbox stores it once per delivery and tells every connected member.
 */
@Injectable()
@HeraldActionPlugin()
export class QuayNotificationPlugin implements ActionPlugin<QuayNotificationConfig> {
  readonly method = 'quay_notification';
  readonly title = 'Quay Notification';
  readonly description =
    "Adds the event to the notification area (the bell) of a user, a team's members or an organization";
  readonly configClass = QuayNotificationConfig;

  constructor(@Inject(IN_APP_INBOX) private readonly inbox: InAppInbox) {}

  async deliver(req: DeliveryRequest<QuayNotificationConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const { kind, name } = req.notification.config.target;
    try {
      await abortable(
        this.inbox.store(
          {
            target: { kind, name },
            kind: req.event,
            // The registry's own payload object, stored as it came (read-only here).
            metadata: req.payload,
            repository: req.notification.repository,
            notificationUuid: req.notification.uuid,
            deliveryId: req.deliveryId,
          },
          ctx.signal,
        ),
        ctx.signal,
      );
      return { status: 'delivered' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof InboxRefusedError) return { status: 'failed', reason, errorClass: 'refused' };
      return { status: 'retry', reason: `the notification area is unavailable: ${reason}`, errorClass: 'inbox' };
    }
  }
}
