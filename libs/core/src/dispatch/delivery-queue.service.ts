import { Injectable } from '@nestjs/common';
import { deliverySubject, NatsClient } from '@herald/transport';
import { DeliveryMessage, encodeDelivery } from './delivery-message';

/**
 * Stores a delivery attempt in JetStream for the plugin that owns its method. De-duplicated per (chain, attempt), so a
 * redelivered event or a retried hand-over never queues the same attempt twice.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly nats: NatsClient) {}

  async enqueue(message: DeliveryMessage): Promise<void> {
    await this.nats.js.publish(deliverySubject(message.notification.method), encodeDelivery(message), {
      msgID: `${message.chain}#${message.attempt}`,
    });
  }
}
