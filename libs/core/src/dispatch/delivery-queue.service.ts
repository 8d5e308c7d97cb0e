import { Injectable } from '@nestjs/common';
import { laneSubject, NatsClient } from '@herald/transport';
import { DeliveryMessage, encodeDelivery } from './delivery-message';

/**
 * Appends a delivery attempt to its notification's lane (a test, a redelivery, a retry beside newer deliveries).
 * De-duplicated per (chain, attempt), so a repeated request never queues the same attempt twice.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly nats: NatsClient) {}

  async enqueue(message: DeliveryMessage): Promise<void> {
    await this.nats.js.publish(
      laneSubject(message.notification.method, message.notification.uuid),
      encodeDelivery(message),
      {
        msgID: `${message.chain}#${message.attempt}`,
      },
    );
  }
}
