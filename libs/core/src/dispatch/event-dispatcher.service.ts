import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { parseEventJson } from '@herald/events';
import { rememberPayloadJson } from '@herald/plugin-sdk';
import {
  DISPATCHER_DURABLE,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  handBackAfterFailure,
  HeldMessage,
  kindFromEventSubject,
  laneOfSubject,
  laneSubject,
  LANES_STREAM,
  LEGACY_DISPATCHER_DURABLE,
  MaxDeliveriesWatcher,
  NatsClient,
  PinnedNatsClient,
  PinnedWorker,
  publishAtomicBatch,
  publishDeadLetter,
} from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { EngineEvents } from '../metrics/engine-events';
import { RoutingIndex } from '../routing/routing-index.service';
import { DIRECT_ENTRY, DirectEntry, Spill } from '../lanes/direct-work';
import { LaneTraffic } from '../lanes/lane-traffic';
import { DeliveryMessage, deliveryIdOf, encodeDelivery, firstAttempt } from './delivery-message';
import { AppendTransport, LaneAppender } from './lane-appender';

/** How long a batch's commit may go unanswered before it is sent again one message at a time. */
const APPEND_TIMEOUT_MS = 5000;

export interface DispatcherStats {
  events: number;
  deadLettered: number;
  /** Deliveries appended to their notifications' lanes. */
  deliveriesQueued: number;
  /** Deliveries started in this instance's own lanes without a trip through the lanes' stream. */
  deliveriesDirect: number;
}

/**
 * Turns each registry event into one delivery per matching notification, appended to that notification's lane. Its
 * consumer is pinned to one instance at a time, which appends in publish order (see LaneAppender); another instance
 * takes over when it dies. The event is acked once every delivery is in its lane (or it is parked as a dead letter),
 * so a crash at any point loses nothing: the event comes back, and appends already made are de-duplicated by id.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventDispatcher.name);
  private worker?: PinnedWorker;
  private poisonWatcher?: MaxDeliveriesWatcher;
  private readonly appender: LaneAppender;
  private stopping = false;
  readonly stats: DispatcherStats = { events: 0, deadLettered: 0, deliveriesQueued: 0, deliveriesDirect: 0 };

  constructor(
    private readonly nats: NatsClient,
    private readonly pinned: PinnedNatsClient,
    private readonly index: RoutingIndex,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
    @Optional() private readonly events: EngineEvents = new EngineEvents(),
    @Optional() private readonly traffic: LaneTraffic = new LaneTraffic(),
    @Optional() @Inject(DIRECT_ENTRY) private readonly direct?: DirectEntry,
  ) {
    this.appender = new LaneAppender(this.appendTransport);
  }

  /** One message at a time until the lanes' stream is known to take atomic batches (see onApplicationBootstrap). */
  private readonly appendTransport: AppendTransport = {
    publish: (subject, data, msgID) =>
      this.tracked([{ subject, msgID }], () => this.nats.js.publish(subject, data, { msgID })),
  };

  /** Every append is listed in LaneTraffic while its message may wait in the stream unreceived here. */
  private tracked<T>(items: { subject: string; msgID: string }[], publish: () => Promise<T>): Promise<T> {
    const appends = items.map((i) => ({ uuid: laneOfSubject(i.subject) ?? i.subject, msgID: i.msgID }));
    return this.traffic.track(appends, publish);
  }

  /**
   * Batches go out on the pinned connection (its core publishes keep their order on one socket); single appends stay
   * on the main one, as before batches: moving them too made N=100 and unordered lanes slower in the bench. A lane's
   * next append waits for the answer to its previous one, so the two connections cannot reorder a lane.
   */
  private async useAtomicBatches(): Promise<void> {
    const info = await this.pinned.jsm.streams.info(LANES_STREAM);
    if ((info.config as { allow_atomic?: boolean }).allow_atomic !== true) {
      this.logger.log(`${LANES_STREAM} takes no atomic batches (nats-server < 2.12): appending one at a time`);
      return;
    }
    // Replicated lanes keep single appends: batches across a stream leader change are not proven yet by the cluster
    // fault run (test/nats-cluster), which lost events on a loaded machine with and without them.
    if (info.config.num_replicas > 1) {
      this.logger.log(`${LANES_STREAM} has ${info.config.num_replicas} replicas: appending one at a time`);
      return;
    }
    const { nc } = this.pinned;
    this.appendTransport.publishBatch = (items) =>
      this.tracked(items, () => publishAtomicBatch(nc, items, APPEND_TIMEOUT_MS));
  }

  get running(): boolean {
    return this.worker?.running ?? false;
  }

  /** Whether this instance holds the dispatcher's pin now. */
  get dispatching(): boolean {
    return this.worker?.pinned ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Consuming before the index is loaded would match events against nothing.
    await this.index.whenReady();
    await this.useAtomicBatches();
    const s = this.settings;
    this.worker = new PinnedWorker(
      this.pinned.js,
      this.pinned.jsm,
      {
        stream: EVENTS_STREAM,
        durable: DISPATCHER_DURABLE,
        filterSubject: EVENTS_SUBJECTS,
        ackWaitMs: s.laneAckWaitMs,
        pinTtlMs: s.lanePinTtlMs,
        maxAckPending: s.dispatchConcurrency,
        maxDeliver: s.maxDeliveries,
        pullBatch: Math.min(s.dispatchConcurrency, 256),
        startSequence: () => this.legacyResumePoint(),
        logger: this.logger,
      },
      (held) => void this.receive(held),
    );
    this.poisonWatcher = new MaxDeliveriesWatcher(this.nats.js, this.nats.jsm, {
      ackWaitMs: s.ackWaitMs,
      logger: this.logger,
      onParked: (subject) => {
        this.stats.deadLettered++;
        this.events.eventDeadLettered(kindFromEventSubject(subject) ?? 'unknown');
      },
    });
    await this.poisonWatcher.start();
    await this.worker.start();
    await this.nats.jsm.consumers.delete(EVENTS_STREAM, LEGACY_DISPATCHER_DURABLE).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.worker?.stop(this.settings.shutdownTimeoutMs);
    await this.poisonWatcher?.stop(this.settings.shutdownTimeoutMs);
  }

  /** An older Herald's unpinned consumer: its successor starts where it left off instead of replaying the stream. */
  private async legacyResumePoint(): Promise<number | undefined> {
    const legacy = await this.nats.jsm.consumers.info(EVENTS_STREAM, LEGACY_DISPATCHER_DURABLE).catch(() => undefined);
    return legacy ? legacy.ack_floor.stream_seq + 1 : undefined;
  }

  /** Dead letters leave the consumer acked or terminated: logged and counted here, never redelivered. */
  private async park(held: HeldMessage, reason: string): Promise<void> {
    const { msg } = held;
    await publishDeadLetter(
      this.nats.js,
      { subject: msg.subject, data: msg.data, stream: EVENTS_STREAM, seq: msg.seq, headers: msg.headers },
      reason,
    );
    this.stats.deadLettered++;
    const kind = kindFromEventSubject(msg.subject) ?? 'unknown';
    this.events.eventDeadLettered(kind);
    this.events.eventReceived(kind);
  }

  private async receive(held: HeldMessage): Promise<void> {
    // The appender's chains carry over from one pin to the next on purpose: appends of the last session may still be in
    // flight, and the next session's appends to the same lanes must queue behind them.
    try {
      await this.handle(held);
    } catch (err) {
      const { msg } = held;
      const redeliverable = {
        subject: msg.subject,
        seq: msg.seq,
        info: { redeliveryCount: msg.info.deliveryCount },
        nak: (ms?: number) => held.nak(ms),
        term: (reason?: string) => held.term(reason),
      };
      const poison = {
        maxDeliveries: this.settings.maxDeliveries,
        park: (_m: unknown, r: string) => this.park(held, r),
      };
      await handBackAfterFailure(redeliverable, err, DISPATCHER_DURABLE, this.logger, poison, this.stopping);
    }
  }

  async handle(held: HeldMessage): Promise<void> {
    const { msg } = held;
    const kind = kindFromEventSubject(msg.subject);
    const parsed = kind
      ? parseEventJson(kind, msg.data, this.settings.eventLimits)
      : ({ ok: false, reason: `subject ${msg.subject} names no event kind` } as const);
    if (!parsed.ok) {
      await this.park(held, parsed.reason);
      this.logger.warn(`dead-lettered ${msg.subject} #${msg.seq}: ${parsed.reason}`);
      held.ack();
      return;
    }
    // Deliveries send and record the registry's own JSON text rather than serialising the payload again.
    if (parsed.json !== undefined) rememberPayloadJson(parsed.payload, parsed.json);
    const eventId = msg.headers?.get('Nats-Msg-Id') || `${EVENTS_STREAM}-${msg.seq}`;
    const repository = parsed.payload.repository as string;
    const targets = this.index.match(repository, parsed.kind, parsed.payload);
    // An event delivered before may have had deliveries started directly and not acked: wherever they run now, the
    // history is asked first (see ActionActor.step).
    const redispatched = msg.info.deliveryCount > 1;
    let direct = 0;
    const offer = (delivery: DeliveryMessage, spill: Spill) => () => {
      const answer = this.direct?.offerDirect(delivery, held, spill);
      if (answer && !('wait' in answer)) direct++;
      return answer;
    };
    // Issued in event order, synchronously: the appender keeps each strict lane's appends in that order.
    const appends = targets.map((notification) => {
      const delivery = firstAttempt({
        deliveryId: deliveryIdOf(eventId, notification.uuid),
        eventId,
        event: parsed.kind,
        payload: parsed.payload,
        notification,
        test: false,
        publishedAt: Math.floor(msg.info.timestampNanos / 1e6),
        ...(redispatched ? { redispatched } : {}),
      });
      const subject = laneSubject(notification.method, notification.uuid);
      const ordered = this.index.laneSettings(notification.uuid).ordering === 'strict';
      // Its publishes go through appendTransport, which lists them in LaneTraffic.
      const spill = (d: DeliveryMessage) =>
        this.appender.publishPersistently(subject, encodeDelivery(d), `${d.chain}#${d.attempt}`, held.session.lost);
      const item = {
        msgID: `${delivery.chain}#1`,
        encode: () => encodeDelivery(delivery),
        direct: this.direct ? offer(delivery, spill) : undefined,
      };
      return this.appender.append(subject, item, held.session.lost, ordered);
    });
    // allSettled: every append concludes (an append is tried again until stored, or until this instance stops
    // dispatching) before the event goes back, so its redelivery finds them done.
    const settled = await Promise.allSettled(appends);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.stats.events++;
    this.stats.deliveriesQueued += targets.length - direct;
    this.stats.deliveriesDirect += direct;
    this.events.eventReceived(parsed.kind);
    this.events.eventMatched(parsed.kind, targets.length);
    held.ack();
  }
}
