import { Injectable, Logger } from '@nestjs/common';
import type { Notification } from '../notification/notification.schema';
import { InboxStore } from './inbox.store';

export const NOTIFICATION_DISABLED_KIND = 'notification_disabled';

/** The console's page of a notification's delivery log (the console routes by hash). */
export function deliveryLogLink(repository: string, uuid: string): string {
  return `/console/#/repository/${repository}/notifications/${uuid}/deliveries`;
}

/**
 * Nobody is left unaware (Quay tells nobody): when failures disable a notification, its creator finds a notice in
 * their notification area with the last error and a link to the delivery log.
 */
@Injectable()
export class DisabledNotices {
  private readonly logger = new Logger(DisabledNotices.name);

  constructor(private readonly inbox: InboxStore) {}

  /** Called once per disable (exactly one instance sees the count reach the threshold); never throws. */
  async disabled(n: Notification, failures: number, lastError: string): Promise<void> {
    if (!n.created_by) {
      this.logger.warn(
        `notification ${n.uuid} was disabled, but it was created before creators were kept: nobody told`,
      );
      return;
    }
    const name = n.title ? `"${n.title}"` : `${n.method} for ${n.event}`;
    const link = deliveryLogLink(n.repository, n.uuid);
    try {
      await this.inbox.storeNotice({
        target: { kind: 'user', name: n.created_by },
        kind: NOTIFICATION_DISABLED_KIND,
        metadata: {
          repository: n.repository,
          notification_uuid: n.uuid,
          title: n.title ?? null,
          method: n.method,
          last_error: lastError,
          delivery_log: link,
        },
        summary: `Notification ${name} on ${n.repository} was disabled after ${failures} failures: ${lastError}`,
        link,
        repository: n.repository,
        notificationUuid: n.uuid,
        // One per disable: a notification reset and disabled again is told again.
        deliveryId: `${NOTIFICATION_DISABLED_KIND}:${n.uuid}:${n.updated_at?.getTime() ?? Date.now()}`,
      });
    } catch (err) {
      this.logger.error(`could not tell ${n.created_by} that notification ${n.uuid} was disabled: ${String(err)}`);
    }
  }
}
