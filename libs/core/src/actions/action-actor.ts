import { Logger } from '@nestjs/common';
import { JsMsg } from 'nats';
import type { ActionPlugin, DeliveryOutcome } from '@herald/plugin-sdk';
import {
  DEAD_LETTER_DELIVERIES_SUBJECT,
  DELIVERIES_STREAM,
  deliverySubject,
  JetStreamWorker,
  NatsClient,
  pluginDurable,
  publishDeadLetter,
  settleWithin,
} from '@herald/transport';
import type { CoreSettings } from '../core-settings';
import { decodeDelivery, DeliveryMessage } from '../dispatch/delivery-message';
import { DeliveryQueue } from '../dispatch/delivery-queue.service';
import { DomainEventPublisher } from '../domain-events/domain-event.publisher';
import { FailurePolicy } from '../delivery/failure-policy.service';
import { KeyedScheduler } from '../delivery/keyed-scheduler';
import { AttemptResult, DeliveryHistory } from '../history/delivery-history.service';
import type { AttemptRecord, DeliveryStatus } from '../history/delivery-record.schema';
import { redact } from '../history/redact';
import { RoutingIndex } from '../routing/routing-index.service';
import { retryDelayMs } from './retry-delay';
import { SpillLedger } from './spill-ledger';
import type { EmailAuthorizations } from '../email-authorization/email-authorizations.service';

export interface ActorStats {
  delivered: number;
  retried: number;
  failed: number;
  cancelled: number;
  restarts: number;
}

export interface ActorDependencies {
  nats: NatsClient;
  settings: CoreSettings;
  index: RoutingIndex;
  queue: DeliveryQueue;
  history: DeliveryHistory;
  failures: FailurePolicy;
  domainEvents: DomainEventPublisher;
  /** The host capabilities a plugin's deliver() gets for the notification's repository. */
  emailAuthorizations: EmailAuthorizations;
  /** A fresh instance of the plugin, for the supervisor. */
  respawn: () => Promise<ActionPlugin>;
}

const HANG_GRACE_MS = 1000;

/** Handed back when one notification already has this much waiting, so it cannot fill the mailbox. */
const BACKLOG_RETRY_MS = 1000;

/**
 * A first attempt is taken in-process only while its notification has fewer than this many waiting: an event waits for
 * its in-process attempts before it is acked, so a hung target may hold an event for about this many timeouts, not more.
 */
const DIRECT_BACKLOG = 4;

/** How one delivery reached the actor, and how to tell its source that the actor is done with it. */
interface Ticket {
  /** JetStream delivered this message before (a crash, a lost ack): check that it did not already get through. */
  redelivered: boolean;
  done(): void;
  /** For stream messages: park it as a dead letter (direct first attempts are bounded by their event's redeliveries). */
  park?(reason: string): Promise<void>;
  /** This start may repeat one that crashed Herald: count it (see DeliveryHistory.noteStart). */
  countStarts?: boolean;
}

const NOTHING_TO_ACK = (): void => undefined;

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
 * One plugin as an actor: its own durable consumer feeding a bounded mailbox, its own concurrency, deliveries to one
 * notification in order, a timeout on every call, durable retries, history, and a supervisor that swaps in a fresh
 * plugin instance after repeated crashes. Nothing here is shared with another plugin's actor.
 */
export class ActionActor {
  private readonly logger: Logger;
  private readonly worker: JetStreamWorker;
  private readonly scheduler: KeyedScheduler;
  /** Calls in progress, aborted together on shutdown. */
  private readonly inFlight = new Set<AbortController>();
  /** First attempts taken in-process from the dispatcher, until they are concluded. */
  private readonly direct = new Set<Promise<void>>();
  private readonly spills: SpillLedger;
  private stopping = false;
  private consecutiveCrashes = 0;
  readonly stats: ActorStats = { delivered: 0, retried: 0, failed: 0, cancelled: 0, restarts: 0 };

  constructor(
    private plugin: ActionPlugin,
    private readonly deps: ActorDependencies,
  ) {
    const { settings } = deps;
    this.logger = new Logger(`Action:${plugin.method}`);
    this.scheduler = new KeyedScheduler(plugin.concurrency ?? settings.deliveryConcurrency);
    this.spills = new SpillLedger(settings.ackWaitMs);
    this.worker = new JetStreamWorker(
      deps.nats.js,
      deps.nats.jsm,
      {
        stream: DELIVERIES_STREAM,
        durable: pluginDurable(plugin.method),
        filterSubject: deliverySubject(plugin.method),
        // The worker's slots are the mailbox; the scheduler decides what runs.
        concurrency: settings.mailboxSize,
        ackWaitMs: settings.ackWaitMs,
        logger: this.logger,
      },
      (msg) => this.receive(msg),
    );
  }

  get method(): string {
    return this.plugin.method;
  }

  get running(): boolean {
    return this.worker.running;
  }

  get mailbox(): number {
    return this.worker.busy + this.direct.size;
  }

  start(): Promise<void> {
    return this.worker.start();
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + timeoutMs;
    await this.worker.stop(timeoutMs);
    await settleWithin([...this.direct], deadline - Date.now());
    for (const c of this.inFlight) c.abort(new Error('shutting down'));
  }

  /**
   * A first attempt handed over in-process by the dispatcher, sparing it a round trip through HERALD_DELIVERIES. The
   * promise settles once the attempt is concluded (recorded, and its retry stored if any), so the event behind it can be
   * acked. Undefined when refused (stopping, mailbox full, the notification has work waiting or queued on the stream):
   * the caller then queues it on the stream and calls `spill`.
   */
  offer(d: DeliveryMessage, redelivered: boolean): Promise<void> | undefined {
    const key = d.notification.uuid;
    if (this.stopping || this.direct.size >= this.deps.settings.mailboxSize) return undefined;
    if (this.scheduler.backlog(key) >= DIRECT_BACKLOG || this.spills.has(key)) return undefined;
    const work = this.process(d, { redelivered, done: NOTHING_TO_ACK }).finally(() => this.direct.delete(work));
    this.direct.add(work);
    return work;
  }

  /** Records that a first attempt for the notification went to the stream (call before queueing it). */
  spill(notificationUuid: string): void {
    this.spills.spilled(notificationUuid);
  }

  private async receive(msg: JsMsg): Promise<void> {
    const park = (reason: string) => publishDeadLetter(this.deps.nats.js, msg, reason, DEAD_LETTER_DELIVERIES_SUBJECT);
    let delivery: DeliveryMessage;
    try {
      delivery = decodeDelivery(msg.data);
    } catch (err) {
      await park(`undecodable delivery message: ${String(err)}`);
      this.logger.error(`parked undecodable delivery #${msg.seq}: ${String(err)}`);
      msg.term();
      return;
    }
    // Its config was left out of the stream (secrets): the notification's current settings apply.
    const live = this.deps.index.snapshot(delivery.notification.uuid);
    if (live) delivery.notification = live;
    const wait = (delivery.notBefore ?? 0) - Date.now();
    if (wait > 0) {
      // A scheduled retry that is not due: back to JetStream until it is.
      msg.nak(wait);
      return;
    }
    const key = delivery.notification.uuid;
    if (this.scheduler.backlog(key) >= this.deps.settings.perNotificationBacklog) {
      msg.nak(BACKLOG_RETRY_MS);
      return;
    }
    if (delivery.attempt === 1 && delivery.chain === delivery.deliveryId) this.spills.arrived(key);
    const redelivered = msg.info.redeliveryCount > 1;
    // nats-server 2.9 was seen to report a delivery count of 1 for a message redelivered after its consumer's client
    // was killed, again and again; a message stored longer ago than the ack wait may be one, so its starts are counted.
    const aged = Date.now() - msg.info.timestampNanos / 1e6 >= this.deps.settings.ackWaitMs;
    await this.process(delivery, { redelivered, countStarts: redelivered || aged, done: () => msg.ack(), park });
  }

  private async process(d: DeliveryMessage, ticket: Ticket): Promise<void> {
    // Only the send holds the notification's turn: recording the outcome and acking overlap with the next send, so
    // the order of calls is kept without waiting on the history write.
    const timed = await this.scheduler.run(d.notification.uuid, () => this.send(d, ticket));
    if (timed) await this.conclude(d, ticket, timed);
  }

  /** The attempt itself, or undefined when the delivery must not be sent (cancelled, or already delivered). */
  private async send(d: DeliveryMessage, ticket: Ticket): Promise<Timed | undefined> {
    const { index, history } = this.deps;
    const uuid = d.notification.uuid;
    // Deleted, or disabled by failures (a test still goes out to a disabled one, as Quay lets admins test it).
    if (!index.has(uuid) || (!d.test && index.isDisabled(uuid))) {
      this.stats.cancelled++;
      await this.recordOutcome({ message: d, status: 'cancelled' });
      ticket.done();
      return undefined;
    }
    // JetStream redelivered it (a crash, a lost ack), or it is a retry whose chain a repeated earlier attempt may have
    // completed meanwhile: never send twice what already got through. First deliveries skip the read.
    if ((ticket.redelivered || d.attempt > 1) && (await history.wasDelivered(d.chain))) {
      ticket.done();
      return undefined;
    }
    if (ticket.park && ticket.countStarts && (await history.noteStart(d)) >= this.deps.settings.maxDeliveries) {
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

  private async conclude(
    d: DeliveryMessage,
    ticket: Ticket,
    { outcome, durationMs, errorClass }: Timed,
  ): Promise<void> {
    const { settings, queue, failures, domainEvents } = this.deps;
    let final = outcome;
    // Some 4xx mean "try again later" by configuration.
    if (final.status === 'failed' && final.httpStatus && settings.retryableStatuses.includes(final.httpStatus)) {
      final = { ...final, status: 'retry' };
    }
    const attempt: AttemptRecord = {
      attempt: d.attempt,
      at: new Date(Date.now() - durationMs),
      duration_ms: durationMs,
      outcome: final.status,
      http_status: final.httpStatus ?? null,
      response_body: redact(final.responseBody, d.notification.config),
      error: final.status === 'delivered' ? null : redact(final.reason, d.notification.config),
      error_class: errorClass,
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
    await this.recordOutcome({ message: d, status, attempt, nextAttemptAt });
    if (nextAttemptAt) {
      // The next attempt is stored before this one is acked: a crash in between repeats an attempt, never loses one.
      await queue.enqueue({ ...d, attempt: d.attempt + 1, notBefore: nextAttemptAt.getTime() });
    }
    ticket.done();
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
