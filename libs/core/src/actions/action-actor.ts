import { Logger } from '@nestjs/common';
import type { ActionPlugin, DeliveryOutcome } from '@herald/plugin-sdk';
import {
  DEAD_LETTER_DELIVERIES_SUBJECT,
  HeldMessage,
  laneDurable,
  lanePartitionSubject,
  LANES_STREAM,
  NatsClient,
  PinnedNatsClient,
  PinnedWorker,
  publishDeadLetter,
  Semaphore,
} from '@herald/transport';
import type { CoreSettings } from '../core-settings';
import { decodeDelivery, DeliveryMessage } from '../dispatch/delivery-message';
import { DeliveryQueue } from '../dispatch/delivery-queue.service';
import { DomainEventPublisher } from '../domain-events/domain-event.publisher';
import { FailurePolicy } from '../delivery/failure-policy.service';
import { AttemptResult, DeliveryHistory } from '../history/delivery-history.service';
import type { AttemptRecord, DeliveryStatus } from '../history/delivery-record.schema';
import { redact } from '../history/redact';
import { DirectCounters, DirectLanes } from '../lanes/direct-lanes';
import type { DirectAnswer, Spill } from '../lanes/direct-work';
import { LaneExecutor, LaneRunner, LaneWork, StepResult } from '../lanes/lane-runner';
import type { LaneTraffic } from '../lanes/lane-traffic';
import { EngineEvents } from '../metrics/engine-events';
import { RoutingIndex } from '../routing/routing-index.service';
import { LegacyDeliveriesDrain } from './legacy-deliveries.drain';
import { retryDelayMs } from './retry-delay';
import type { EmailAuthorizations } from '../email-authorization/email-authorizations.service';

export interface ActorStats extends DirectCounters {
  delivered: number;
  retried: number;
  failed: number;
  cancelled: number;
  restarts: number;
  /** Sends answered 429 and sent again once the lane slowed down, no retry spent. */
  throttled: number;
}

export interface ActorDependencies {
  nats: NatsClient;
  pinned: PinnedNatsClient;
  settings: CoreSettings;
  index: RoutingIndex;
  queue: DeliveryQueue;
  history: DeliveryHistory;
  failures: FailurePolicy;
  domainEvents: DomainEventPublisher;
  /** The host capabilities a plugin's deliver() gets for the notification's repository. */
  emailAuthorizations: EmailAuthorizations;
  /** This instance's appends not yet received by its lane workers. */
  traffic: LaneTraffic;
  /** Whoever watches the engine (metrics); optional so that tests can leave it out. */
  events?: EngineEvents;
  /** A fresh instance of the plugin, for the supervisor. */
  respawn: () => Promise<ActionPlugin>;
}

const HANG_GRACE_MS = 1000;

/** 429s for one attempt that are absorbed by slowing down; after that a 429 counts as the attempt's failure. */
const MAX_THROTTLES_PER_ATTEMPT = 20;

/** How one delivery reached the actor, and how to tell its source that the actor is done with it. */
interface Ticket {
  /** JetStream delivered this message before (a crash, a lost ack): check that it did not already get through. */
  redelivered: boolean;
  done(): void;
  /** Park it as a dead letter. */
  park(reason: string): Promise<void>;
  /** This start may repeat one that crashed Herald: count it (see DeliveryHistory.noteStart). */
  countStarts: boolean;
}

/** Backoff between tries to record an outcome while the database is unreachable. */
const RECORD_RETRY_MS = { first: 250, max: 5000 };

type Timed = { outcome: DeliveryOutcome; durationMs: number; errorClass: string | null; crashed: boolean };

function errorClassOf(outcome: DeliveryOutcome): string | null {
  if (outcome.status === 'delivered') return null;
  const s = outcome.httpStatus;
  if (s === undefined) return null;
  return s >= 500 ? 'http_5xx' : s >= 400 ? 'http_4xx' : s >= 300 ? 'http_3xx' : 'http_other';
}

/**
 * One plugin as an actor: its lanes' partitions as pinned durable consumers (each worked by one instance at a time),
 * a lane per notification (in order, rate-limited), its own concurrency, a timeout on every call, durable retries,
 * history, and a supervisor that swaps in a fresh plugin instance after repeated crashes. Nothing here is shared with
 * another plugin's actor.
 */
export class ActionActor implements LaneExecutor {
  private readonly logger: Logger;
  private readonly workers: PinnedWorker[];
  private readonly lanes: LaneRunner;
  private readonly legacy: LegacyDeliveriesDrain;
  /** Calls in progress, aborted together on shutdown. */
  private readonly inFlight = new Set<AbortController>();
  /** 429s absorbed so far per attempt (`<chain>#<attempt>`). */
  private readonly throttles = new Map<string, number>();
  private stopping = false;
  private consecutiveCrashes = 0;
  readonly stats: ActorStats = {
    delivered: 0,
    retried: 0,
    failed: 0,
    cancelled: 0,
    restarts: 0,
    throttled: 0,
    direct: 0,
    spilled: 0,
  };
  private readonly direct: DirectLanes;

  constructor(
    private plugin: ActionPlugin,
    private readonly deps: ActorDependencies,
  ) {
    const { settings } = deps;
    this.logger = new Logger(`Action:${plugin.method}`);
    const slots = new Semaphore(plugin.concurrency ?? settings.deliveryConcurrency);
    this.legacy = new LegacyDeliveriesDrain(deps.nats, plugin.method, settings.ackWaitMs, this.logger);
    this.lanes = new LaneRunner(
      this,
      (uuid) => deps.index.laneSettings(uuid),
      slots,
      settings.perNotificationBacklog,
      (uuid) => this.direct.progressed(uuid),
    );
    this.workers = Array.from(
      { length: settings.lanePartitions },
      (_, p) =>
        new PinnedWorker(
          deps.pinned.js,
          deps.pinned.jsm,
          {
            stream: LANES_STREAM,
            durable: laneDurable(plugin.method, p),
            filterSubject: lanePartitionSubject(plugin.method, p),
            ackWaitMs: settings.laneAckWaitMs,
            pinTtlMs: settings.lanePinTtlMs,
            // The partition's share of the mailbox: what one owner holds of it, waiting or running.
            maxAckPending: settings.mailboxSize,
            pullBatch: Math.min(settings.mailboxSize, 128),
            logger: this.logger,
          },
          (held) => this.receive(held),
        ),
    );
    this.direct = new DirectLanes({
      method: plugin.method,
      settings,
      traffic: deps.traffic,
      workers: this.workers,
      lanes: this.lanes,
      logger: this.logger,
      counters: this.stats,
    });
  }

  get method(): string {
    return this.plugin.method;
  }

  get running(): boolean {
    return !this.stopping && this.workers.every((w) => w.running);
  }

  get mailbox(): number {
    return this.lanes.held;
  }

  /** Retries held in this instance's lanes, waiting for their time (strict lanes keep theirs in place). */
  get retriesPending(): number {
    return this.lanes.retriesHeld;
  }

  /** Lane partitions of this plugin whose pin this instance holds now. */
  get ownedPartitions(): number {
    return this.workers.filter((w) => w.pinned).length;
  }

  async start(): Promise<void> {
    for (const w of this.workers) await w.start();
    await this.legacy.start();
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.direct.stop();
    const deadline = Date.now() + timeoutMs;
    await this.legacy.stop(timeoutMs);
    await Promise.all(this.workers.map((w) => w.stop(timeoutMs)));
    // The lane workers hold no direct deliveries: those are waited for apart, or aborting them would send them twice.
    await this.direct.settled(deadline - Date.now());
    for (const c of this.inFlight) c.abort(new Error('shutting down'));
  }

  /** A delivery offered by the dispatcher, started here if its lane allows (see DirectLanes.offer). */
  offerDirect(delivery: DeliveryMessage, event: HeldMessage, spill: Spill): DirectAnswer {
    return this.direct.offer(delivery, event, spill);
  }

  private receive(held: HeldMessage): void {
    this.direct.received(held);
    let delivery: DeliveryMessage;
    try {
      delivery = decodeDelivery(held.msg.data);
    } catch (err) {
      void this.parkUndecodable(held, err);
      return;
    }
    // Its config was left out of the stream (secrets): the notification's current settings apply.
    const live = this.deps.index.snapshot(delivery.notification.uuid);
    if (live) delivery.notification = live;
    this.lanes.offer({ delivery, held });
  }

  private async parkUndecodable(held: HeldMessage, err: unknown): Promise<void> {
    try {
      await this.park(held, `undecodable delivery message: ${String(err)}`);
      this.logger.error(`parked undecodable delivery #${held.msg.seq}: ${String(err)}`);
      held.term();
    } catch (parkErr) {
      this.logger.error(`cannot park undecodable delivery #${held.msg.seq} yet: ${String(parkErr)}`);
      held.nak(1000);
    }
  }

  private park(held: HeldMessage, reason: string): Promise<void> {
    const { msg } = held;
    const original = { subject: msg.subject, data: msg.data, stream: LANES_STREAM, seq: msg.seq, headers: msg.headers };
    return publishDeadLetter(this.deps.nats.js, original, reason, DEAD_LETTER_DELIVERIES_SUBJECT);
  }

  /** LaneExecutor: one send of a lane's delivery, concluded. */
  async step({ delivery, held, handedBack }: LaneWork, inPlace: boolean): Promise<StepResult> {
    // Delivered before, and not because this lane handed it back for lack of room: a crash or a lost owner may have
    // left it half done, so it is checked against the history and its starts are counted.
    const redelivered = (held.msg.info.deliveryCount > 1 || delivery.redispatched === true) && !handedBack;
    const ticket: Ticket = {
      redelivered,
      countStarts: redelivered,
      done: () => held.ack(),
      park: (reason) => this.park(held, reason),
    };
    let d = delivery;
    if (!inPlace) {
      const wait = (d.notBefore ?? 0) - Date.now();
      // A retry scheduled beside newer deliveries that is not due: back to JetStream until it is.
      if (wait > 0) {
        held.nak(wait);
        return { kind: 'settled' };
      }
    } else if (redelivered && d.attempt === 1) {
      // A strict lane retries in place, so the stored message still says attempt 1: the history knows better.
      const resumed = await this.resume(d);
      if (!resumed) {
        ticket.done();
        return { kind: 'settled' };
      }
      d = resumed;
      if ((d.notBefore ?? 0) > Date.now()) return { kind: 'again', at: d.notBefore as number, next: d };
    }
    const timed = await this.send(d, ticket);
    if (!timed) return { kind: 'settled' };
    return this.conclude(d, ticket, timed, inPlace);
  }

  /** Where a strict delivery's chain of attempts stands, after another instance worked on it; undefined when it ended. */
  private async resume(d: DeliveryMessage): Promise<DeliveryMessage | undefined> {
    // Most redelivered heads never concluded an attempt (their owner died before or during the send): the records'
    // keys say so without reading the delivery's history.
    if (d.attempt === 1 && !(await this.deps.history.chainConcluded(d.chain))) return d;
    const summary = await this.deps.history.get(d.notification.uuid, d.deliveryId);
    if (!summary || summary.view.attempt_count < d.attempt) return d;
    if (summary.view.status === 'failed' || summary.view.status === 'delivered') return undefined;
    const next = summary.view.next_attempt_at ? Date.parse(summary.view.next_attempt_at) : undefined;
    return { ...d, attempt: summary.view.attempt_count + 1, notBefore: next };
  }

  /** The attempt itself, or undefined when the delivery must not be sent (cancelled, or already delivered). */
  private async send(d: DeliveryMessage, ticket: Ticket): Promise<Timed | undefined> {
    const { index, history } = this.deps;
    const uuid = d.notification.uuid;
    // Deleted, or disabled by failures (a test still goes out to a disabled one, as Quay lets admins test it).
    if (!index.has(uuid) || (!d.test && index.isDisabled(uuid))) {
      this.stats.cancelled++;
      await this.recordOutcome({ message: d, status: 'cancelled' });
      this.observe(d, 'cancelled');
      ticket.done();
      return undefined;
    }
    // JetStream redelivered it (a crash, a lost ack), or it is a retry whose chain a repeated earlier attempt may have
    // completed meanwhile: never send twice what already got through. First deliveries skip the read.
    if ((ticket.redelivered || d.attempt > 1) && (await history.wasDelivered(d.chain))) {
      ticket.done();
      return undefined;
    }
    if (ticket.countStarts && (await history.noteStart(d)) >= this.deps.settings.maxDeliveries) {
      await this.parkPoison(d, ticket.park);
      ticket.done();
      return undefined;
    }
    return this.attempt(d);
  }

  /** A delivery that crashed or hung Herald on each of its starts: a final failure, kept as a dead letter. */
  private async parkPoison(d: DeliveryMessage, park: (reason: string) => Promise<void>): Promise<void> {
    const reason = `attempt ${d.attempt} was started ${this.deps.settings.maxDeliveries} times without concluding: the plugin crashed or hung Herald each time`;
    await park(reason);
    this.logger.error(`${d.deliveryId}: parked as a dead letter: ${reason}`);
    this.stats.failed++;
    const attempt: AttemptRecord = {
      attempt: d.attempt,
      at: new Date(),
      duration_ms: 0,
      outcome: 'failed',
      http_status: null,
      response_body: null,
      error: reason,
      error_class: 'poison',
    };
    await this.recordOutcome({ message: d, status: 'failed', attempt });
    this.observe(d, 'failed');
    if (!d.test) await this.deps.failures.failed(d.notification, reason);
  }

  /**
   * An outcome is recorded before its event or message is acked. If the database cannot take it, giving the work back
   * would send the delivery again once it returns; the attempt already happened, so keep trying to record it instead
   * (the worker keeps the message alive meanwhile, and record ids make a repeated write harmless). Only stopping gives
   * up, handing the work back to JetStream.
   */
  private async recordOutcome(result: AttemptResult): Promise<void> {
    for (let tries = 0; ; tries++) {
      try {
        return await this.deps.history.record(result);
      } catch (err) {
        if (this.stopping) throw err;
        if (tries === 0) this.logger.warn(`cannot record ${result.message.deliveryId} yet, retrying: ${String(err)}`);
        const wait = Math.min(RECORD_RETRY_MS.first * 2 ** tries, RECORD_RETRY_MS.max);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /**
   * What an attempt's outcome means for its delivery, decided at once so that the lane can move on: recording it and
   * acking its message (`conclude`) overlap with the next send, which keeps the order of calls without waiting on the
   * history write.
   */
  private async conclude(d: DeliveryMessage, ticket: Ticket, timed: Timed, inPlace: boolean): Promise<StepResult> {
    const { settings } = this.deps;
    let final = timed.outcome;
    // Some 4xx mean "try again later" by configuration.
    if (final.status === 'failed' && final.httpStatus && settings.retryableStatuses.includes(final.httpStatus)) {
      final = { ...final, status: 'retry' };
    }
    const attemptKey = `${d.chain}#${d.attempt}`;
    this.deps.events?.attemptFinished(this.method, timed.durationMs);
    this.direct.timed(d.notification.uuid, timed.durationMs);
    if (final.status === 'retry' && final.httpStatus === 429) {
      const seen = this.throttles.get(attemptKey) ?? 0;
      if (seen < MAX_THROTTLES_PER_ATTEMPT) {
        this.throttles.set(attemptKey, seen + 1);
        this.stats.throttled++;
        this.deps.events?.throttled(this.method);
        return { kind: 'throttled', retryAfterMs: final.retryAfterMs ?? 0 };
      }
    }
    this.throttles.delete(attemptKey);
    const attempt: AttemptRecord = {
      attempt: d.attempt,
      at: new Date(Date.now() - timed.durationMs),
      duration_ms: timed.durationMs,
      outcome: final.status,
      http_status: final.httpStatus ?? null,
      response_body: redact(final.responseBody, d.notification.config),
      error: final.status === 'delivered' ? null : redact(final.reason, d.notification.config),
      error_class: timed.errorClass,
    };
    let status: DeliveryStatus;
    let nextAttemptAt: Date | null = null;
    const delay = final.status === 'retry' ? retryDelayMs(settings.retryScheduleMs, d.attempt) : undefined;
    if (final.status === 'delivered') {
      status = 'delivered';
    } else if (delay !== undefined) {
      status = 'retrying';
      const wait = Math.max(delay, final.status === 'retry' ? (final.retryAfterMs ?? 0) : 0);
      nextAttemptAt = new Date(Date.now() + wait);
    } else {
      status = 'failed';
    }
    const next = nextAttemptAt ? { ...d, attempt: d.attempt + 1, notBefore: nextAttemptAt.getTime() } : undefined;
    const recorded = this.record(d, status, attempt, nextAttemptAt, inPlace ? undefined : next);
    if (next && inPlace) {
      // The retry waits in the lane's head, its message held; it is sent only once this attempt is on record.
      await recorded;
      return { kind: 'again', at: next.notBefore, next };
    }
    void recorded.then(
      () => ticket.done(),
      (err: unknown) =>
        this.logger.warn(`${d.deliveryId}: outcome not recorded, JetStream will redeliver: ${String(err)}`),
    );
    return { kind: 'settled' };
  }

  /** Records an outcome, stores the queued retry if any, and tells watchers and the failure policy. */
  private async record(
    d: DeliveryMessage,
    status: DeliveryStatus,
    attempt: AttemptRecord,
    nextAttemptAt: Date | null,
    queuedRetry: DeliveryMessage | undefined,
  ): Promise<void> {
    const { queue, failures, domainEvents } = this.deps;
    await this.recordOutcome({ message: d, status, attempt, nextAttemptAt });
    // The next attempt is stored before this one is acked: a crash in between repeats an attempt, never loses one.
    if (queuedRetry) await queue.enqueue(queuedRetry);
    domainEvents.deliveryOutcome({
      delivery_id: d.deliveryId,
      notification_uuid: d.notification.uuid,
      repository: d.notification.repository,
      event: d.event,
      attempt: d.attempt,
      status,
      http_status: attempt.http_status,
      test: d.test,
    });
    this.observe(d, status);
    if (status === 'delivered') {
      this.stats.delivered++;
      if (!d.test) await failures.succeeded(d.notification);
    } else if (status === 'retrying') {
      this.stats.retried++;
      this.logger.warn(
        `${d.deliveryId} attempt ${d.attempt} failed (${attempt.error}); next at ${nextAttemptAt?.toISOString()}`,
      );
    } else {
      this.stats.failed++;
      this.logger.warn(`${d.deliveryId} failed for good after attempt ${d.attempt}: ${attempt.error}`);
      if (!d.test) await failures.failed(d.notification, attempt.error ?? 'failed');
    }
  }

  private observe(d: DeliveryMessage, status: DeliveryStatus): void {
    this.deps.events?.deliveryOutcome({ method: this.method, status, publishedAt: d.publishedAt, test: d.test });
  }

  /**
   * One call under the timeout. The race matters: a plugin that ignores its signal must still give its slot back.
   * Throws and hangs count as crashes; enough in a row and the supervisor replaces the plugin instance.
   */
  private async attempt(d: DeliveryMessage): Promise<Timed> {
    const timeoutMs = this.deps.settings.deliveryTimeoutMs;
    // One controller and one timer per call (AbortSignal.any/timeout cost more than the call itself at high rates); the
    // grace timer is armed only once the call has timed out.
    const controller = new AbortController();
    this.inFlight.add(controller);
    let hangTimer: NodeJS.Timeout | undefined;
    let markHung!: (v: 'hung') => void;
    // A plugin that honours its signal settles before the grace runs out; one that does not is hung.
    const hung = new Promise<'hung'>((resolve) => (markHung = resolve));
    const abortTimer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      hangTimer = setTimeout(() => markHung('hung'), HANG_GRACE_MS);
    }, timeoutMs);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let result: Timed;
    try {
      const ctx = {
        signal: controller.signal,
        timeoutMs,
        ...this.deps.emailAuthorizations.for(d.notification.repository),
      };
      const outcome = await Promise.race([this.plugin.deliver(d, ctx), hung]);
      result =
        outcome === 'hung'
          ? {
              outcome: { status: 'retry', reason: `timed out after ${timeoutMs} ms` },
              durationMs: elapsed(),
              errorClass: 'timeout',
              crashed: true,
            }
          : {
              outcome,
              durationMs: elapsed(),
              errorClass: outcome.status === 'delivered' ? null : (outcome.errorClass ?? errorClassOf(outcome)),
              crashed: false,
            };
    } catch (err) {
      const aborted = controller.signal.aborted;
      const reason = aborted ? `timed out after ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
      result = {
        outcome: { status: 'retry', reason },
        durationMs: elapsed(),
        errorClass: aborted ? 'timeout' : 'exception',
        crashed: !aborted,
      };
    } finally {
      clearTimeout(abortTimer);
      clearTimeout(hangTimer);
      this.inFlight.delete(controller);
    }
    await this.supervise(result.crashed);
    return result;
  }

  private async supervise(crashed: boolean): Promise<void> {
    this.consecutiveCrashes = crashed ? this.consecutiveCrashes + 1 : 0;
    if (this.consecutiveCrashes < this.deps.settings.restartAfterCrashes) return;
    this.consecutiveCrashes = 0;
    try {
      this.plugin = await this.deps.respawn();
      this.stats.restarts++;
      this.logger.warn(`plugin restarted after ${this.deps.settings.restartAfterCrashes} consecutive crashes`);
    } catch (err) {
      this.logger.error(`plugin restart failed, keeping the old instance: ${String(err)}`);
    }
  }
}
