import { Injectable } from '@nestjs/common';
import type { EventKind } from '@herald/events';
import { DeliveryQueue } from '../../dispatch/delivery-queue.service';
import { DeliveryHistory } from '../../history/delivery-history.service';
import type { DeliveryRecord } from '../../history/delivery-record.schema';
import type { Notification } from '../../notification/notification.schema';
import { toSnapshot } from '../../notification/notification.view';

/** Sends a recorded delivery again, as a new chain of attempts with the notification's current settings. */
@Injectable()
export class Redelivery {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly history: DeliveryHistory,
  ) {}

  async redeliver(record: DeliveryRecord, notification: Notification): Promise<void> {
    const message = {
      deliveryId: record.delivery_id,
      eventId: record.event_id,
      event: record.event as EventKind,
      payload: record.payload,
      notification: toSnapshot(notification),
      test: record.test,
      attempt: record.attempt_count + 1,
      chain: `${record.delivery_id}@${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      force: true,
    };
    await this.history.record({ message, status: 'pending' });
    await this.queue.enqueue(message);
  }
}
