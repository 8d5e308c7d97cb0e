import { Injectable } from '@nestjs/common';
import type { EventKind } from '@herald/events';
import { rememberPayloadJson } from '@herald/plugin-sdk';
import { DeliveryQueue } from '../../dispatch/delivery-queue.service';
import { DeliveryHistory } from '../../history/delivery-history.service';
import type { DeliverySummary } from '../../history/delivery-summary';
import type { Notification } from '../../notification/notification.schema';
import { toSnapshot } from '../../notification/notification.view';

/** Sends a recorded delivery again, as a new chain of attempts with the notification's current settings. */
@Injectable()
export class Redelivery {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly history: DeliveryHistory,
  ) {}

  async redeliver({ view, payload, payloadJson }: DeliverySummary, notification: Notification): Promise<void> {
    // Sent again as the registry's own text, not a re-encoding of the parsed payload.
    rememberPayloadJson(payload, payloadJson);
    const message = {
      deliveryId: view.delivery_id,
      eventId: view.event_id,
      event: view.event as EventKind,
      payload,
      // The queue carries no config (encodeDelivery): the actor takes the current one from the routing index.
      notification: toSnapshot(notification, {}),
      test: view.test,
      attempt: view.attempt_count + 1,
      chain: `${view.delivery_id}@${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    };
    await this.history.record({ message, status: 'pending' });
    await this.queue.enqueue(message);
  }
}
