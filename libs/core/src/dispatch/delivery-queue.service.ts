import { Injectable } from '@nestjs/common';
import { deliverySubject, NatsClient } from '@herald/transport';
import { DeliveryMessage, encodeDelivery } from './delivery-message';

/** Stores a delivery in JetStream for the plugin that owns its method; de-duplicated on the delivery id. */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly nats: NatsClient) {}

  async enqueue(message: DeliveryMessage): Promise<void> {
    await this.nats.js.publish(deliverySubject(message.notification.method), encodeDelivery(message), {
      msgID: message.deliveryId,
    });
  }
}
