import { Logger } from '@nestjs/common';
import {
  DELIVERIES_STREAM,
  deliverySubject,
  JetStreamWorker,
  laneSubject,
  NatsClient,
  pluginDurable,
} from '@herald/transport';
import { decodeDelivery } from '../dispatch/delivery-message';

/**
 * Moves what an older Herald left queued for a plugin in HERALD_DELIVERIES into the lanes, unchanged and under the same
 * message id, so an upgrade loses no retry or queued attempt. Runs only where that older consumer exists.
 */
export class LegacyDeliveriesDrain {
  private worker?: JetStreamWorker;

  constructor(
    private readonly nats: NatsClient,
    private readonly method: string,
    private readonly ackWaitMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const durable = pluginDurable(this.method);
    const legacy = await this.nats.jsm.consumers.info(DELIVERIES_STREAM, durable).catch(() => undefined);
    if (!legacy) return;
    this.logger.log(`moving ${legacy.num_pending + legacy.num_ack_pending} queued delivery message(s) into lanes`);
    this.worker = new JetStreamWorker(
      this.nats.js,
      this.nats.jsm,
      {
        stream: DELIVERIES_STREAM,
        durable,
        filterSubject: deliverySubject(this.method),
        concurrency: 16,
        ackWaitMs: this.ackWaitMs,
        logger: this.logger,
      },
      async (msg) => {
        // Undecodable ones too are moved: the lane parks them with the reason.
        let uuid = 'undecodable';
        try {
          uuid = decodeDelivery(msg.data).notification.uuid;
        } catch {
          // kept as is
        }
        const msgID = msg.headers?.get('Nats-Msg-Id') || `legacy-${msg.seq}`;
        await this.nats.js.publish(laneSubject(this.method, uuid), msg.data, { msgID });
        msg.ack();
      },
    );
    await this.worker.start();
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.worker?.stop(timeoutMs);
  }
}
