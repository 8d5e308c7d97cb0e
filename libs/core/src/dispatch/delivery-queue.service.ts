import { Injectable, Optional } from '@nestjs/common';
import { laneSubject, NatsClient } from '@herald/transport';
import { LaneTraffic } from '../lanes/lane-traffic';
import { DeliveryMessage, encodeDelivery } from './delivery-message';

/**
 * Appends a delivery attempt to its notification's lane (a test, a redelivery, a retry beside newer deliveries).
 * De-duplicated per (chain, attempt), so a repeated request never queues the same attempt twice.
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    private readonly nats: NatsClient,
    @Optional() private readonly traffic: LaneTraffic = new LaneTraffic(),
  ) {}

  async enqueue(message: DeliveryMessage): Promise<void> {
    const { uuid } = message.notification;
    const msgID = `${message.chain}#${message.attempt}`;
    // Listed until a lane worker here receives it: a direct delivery of the lane must not overtake it.
    await this.traffic.track([{ uuid, msgID }], () =>
      this.nats.js.publish(laneSubject(message.notification.method, uuid), encodeDelivery(message), { msgID }),
    );
  }
}
