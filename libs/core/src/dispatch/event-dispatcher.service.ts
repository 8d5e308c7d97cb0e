import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsMsg } from 'nats';
import { parseEventJson } from '@herald/events';
import { rememberPayloadJson } from '@herald/plugin-sdk';
import {
  DISPATCHER_DURABLE,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  JetStreamWorker,
  kindFromEventSubject,
  MaxDeliveriesWatcher,
  NatsClient,
  publishDeadLetter,
} from '@herald/transport';
import { ActionActors } from '../actions/action-actors.service';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { RoutingIndex } from '../routing/routing-index.service';
import { deliveryIdOf, firstAttempt } from './delivery-message';

export interface DispatcherStats {
  events: number;
  deadLettered: number;
  /** First attempts run in this process straight from the event. */
  deliveriesDirect: number;
  /** First attempts stored in HERALD_DELIVERIES instead (the notification was busy, or no actor here took it). */
  deliveriesQueued: number;
}

/**
 * Turns each registry event into one first attempt per matching notification, run in-process by the plugin's actor when
 * it can take it, else stored in HERALD_DELIVERIES. The event is acked only once every first attempt is concluded
 * (recorded, its retry stored) or stored (or the event is parked as a dead letter), so a crash at any point loses
 * nothing: the event comes back, and what already got through is not sent again.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventDispatcher.name);
  private worker?: JetStreamWorker;
  private poisonWatcher?: MaxDeliveriesWatcher;
  readonly stats: DispatcherStats = { events: 0, deadLettered: 0, deliveriesDirect: 0, deliveriesQueued: 0 };

  constructor(
    private readonly nats: NatsClient,
    private readonly index: RoutingIndex,
    private readonly actors: ActionActors,
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
        poison: { maxDeliveries: this.settings.maxDeliveries, park: (msg, reason) => this.park(msg, reason) },
        logger: this.logger,
      },
      (msg) => this.handle(msg),
    );
    this.poisonWatcher = new MaxDeliveriesWatcher(this.nats.js, this.nats.jsm, {
      ackWaitMs: this.settings.ackWaitMs,
      logger: this.logger,
      onParked: () => this.stats.deadLettered++,
    });
    await this.poisonWatcher.start();
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop(this.settings.shutdownTimeoutMs);
    await this.poisonWatcher?.stop(this.settings.shutdownTimeoutMs);
  }

  /** Dead letters leave the consumer acked or terminated: logged and counted here, never redelivered. */
  private async park(msg: JsMsg, reason: string): Promise<void> {
    await publishDeadLetter(this.nats.js, msg, reason);
    this.stats.deadLettered++;
  }

  async handle(msg: JsMsg): Promise<void> {
    const kind = kindFromEventSubject(msg.subject);
    const parsed = kind
      ? parseEventJson(kind, msg.data, this.settings.eventLimits)
      : ({ ok: false, reason: `subject ${msg.subject} names no event kind` } as const);
    if (!parsed.ok) {
      await this.park(msg, parsed.reason);
      this.logger.warn(`dead-lettered ${msg.subject} #${msg.seq}: ${parsed.reason}`);
      msg.ack();
      return;
    }
    // Deliveries send and record the registry's own JSON text rather than serialising the payload again.
    if (parsed.json !== undefined) rememberPayloadJson(parsed.payload, parsed.json);
    const eventId = msg.headers?.get('Nats-Msg-Id') || `${msg.info.stream}-${msg.seq}`;
    const repository = parsed.payload.repository as string;
    const targets = this.index.match(repository, parsed.kind, parsed.payload);
    const redelivered = msg.info.redeliveryCount > 1;
    // allSettled: if one hand-over fails, the others still conclude before the event goes back for redelivery, so the
    // redelivered copy finds their outcomes recorded instead of racing attempts still in flight here.
    const settled = await Promise.allSettled(
      targets.map((notification) =>
        this.actors.dispatch(
          firstAttempt({
            deliveryId: deliveryIdOf(eventId, notification.uuid),
            eventId,
            event: parsed.kind,
            payload: parsed.payload,
            notification,
            test: false,
          }),
          redelivered,
        ),
      ),
    );
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.stats.events++;
    for (const r of settled as PromiseFulfilledResult<'direct' | 'queued'>[]) {
      if (r.value === 'direct') this.stats.deliveriesDirect++;
      else this.stats.deliveriesQueued++;
    }
    msg.ack();
  }
}
