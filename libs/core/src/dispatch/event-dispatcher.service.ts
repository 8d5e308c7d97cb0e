import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsMsg } from 'nats';
import { parseEventJson } from '@herald/events';
import {
  DISPATCHER_DURABLE,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  JetStreamWorker,
  kindFromEventSubject,
  NatsClient,
  publishDeadLetter,
} from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { RoutingIndex } from '../routing/routing-index.service';
import { deliveryIdOf, firstAttempt } from './delivery-message';
import { DeliveryQueue } from './delivery-queue.service';

export interface DispatcherStats {
  events: number;
  deadLettered: number;
  deliveriesQueued: number;
}

/**
 * Turns each registry event into one delivery message per matching notification. The event is acked only once every
 * delivery is stored in JetStream (or the event is parked as a dead letter), so a crash at any point loses nothing.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventDispatcher.name);
  private worker?: JetStreamWorker;
  readonly stats: DispatcherStats = { events: 0, deadLettered: 0, deliveriesQueued: 0 };

  constructor(
    private readonly nats: NatsClient,
    private readonly index: RoutingIndex,
    private readonly queue: DeliveryQueue,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {}

  get running(): boolean {
    return this.worker?.running ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Consuming before the index is loaded would match events against nothing.
    await this.index.whenReady();
    this.worker = new JetStreamWorker(
      this.nats.js,
      this.nats.jsm,
      {
        stream: EVENTS_STREAM,
        durable: DISPATCHER_DURABLE,
        filterSubject: EVENTS_SUBJECTS,
        concurrency: this.settings.dispatchConcurrency,
        ackWaitMs: this.settings.ackWaitMs,
        logger: this.logger,
      },
      (msg) => this.handle(msg),
    );
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop(this.settings.shutdownTimeoutMs);
  }

  async handle(msg: JsMsg): Promise<void> {
    const kind = kindFromEventSubject(msg.subject);
    const parsed = kind
      ? parseEventJson(kind, msg.data)
      : ({ ok: false, reason: `subject ${msg.subject} names no event kind` } as const);
    if (!parsed.ok) {
      await publishDeadLetter(this.nats.js, msg, parsed.reason);
      this.stats.deadLettered++;
      this.logger.warn(`dead-lettered ${msg.subject} #${msg.seq}: ${parsed.reason}`);
      msg.ack();
      return;
    }
    const eventId = msg.headers?.get('Nats-Msg-Id') || `${msg.info.stream}-${msg.seq}`;
    const repository = parsed.payload.repository as string;
    const targets = this.index.match(repository, parsed.kind, parsed.payload);
    // De-duplicated on the delivery id, so a redelivered event never queues a delivery twice.
    await Promise.all(
      targets.map((notification) =>
        this.queue.enqueue(
          firstAttempt({
            deliveryId: deliveryIdOf(eventId, notification.uuid),
            eventId,
            event: parsed.kind,
            payload: parsed.payload,
            notification,
            test: false,
          }),
        ),
      ),
    );
    this.stats.events++;
    this.stats.deliveriesQueued += targets.length;
    msg.ack();
  }
}
