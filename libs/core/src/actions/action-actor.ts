import { Logger } from '@nestjs/common';
import { JsMsg } from 'nats';
import type { ActionPlugin, DeliveryOutcome } from '@herald/plugin-sdk';
import { DELIVERIES_STREAM, deliverySubject, JetStreamWorker, NatsClient, pluginDurable } from '@herald/transport';
import type { CoreSettings } from '../core-settings';
import { decodeDelivery } from '../dispatch/delivery-message';
import { retryDelayMs } from './retry-delay';

export interface ActorStats {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * One plugin's delivery loop: its own durable consumer, its own concurrency, a timeout on every call. Failures of one
 * plugin never touch another's consumer.
 */
export class ActionActor {
  private readonly logger: Logger;
  private readonly worker: JetStreamWorker;
  private readonly shutdown = new AbortController();
  readonly stats: ActorStats = { delivered: 0, retried: 0, failed: 0 };

  constructor(
    private readonly plugin: ActionPlugin,
    nats: NatsClient,
    private readonly settings: CoreSettings,
    /** False once the notification is deleted: its queued deliveries and retries are dropped. */
    private readonly isLive: (notificationUuid: string) => boolean,
  ) {
    this.logger = new Logger(`Action:${plugin.method}`);
    this.worker = new JetStreamWorker(
      nats.js,
      nats.jsm,
      {
        stream: DELIVERIES_STREAM,
        durable: pluginDurable(plugin.method),
        filterSubject: deliverySubject(plugin.method),
        concurrency: settings.deliveryConcurrency,
        ackWaitMs: settings.ackWaitMs,
        logger: this.logger,
      },
      (msg) => this.handle(msg),
    );
  }

  get method(): string {
    return this.plugin.method;
  }

  get running(): boolean {
    return this.worker.running;
  }

  start(): Promise<void> {
    return this.worker.start();
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.worker.stop(timeoutMs);
    this.shutdown.abort();
  }

  private async handle(msg: JsMsg): Promise<void> {
    let delivery;
    try {
      delivery = decodeDelivery(msg.data);
    } catch (err) {
      this.logger.error(`dropping undecodable delivery #${msg.seq}: ${String(err)}`);
      msg.term();
      return;
    }
    if (!this.isLive(delivery.notification.uuid)) {
      this.logger.log(`dropping ${delivery.deliveryId}: notification ${delivery.notification.uuid} was deleted`);
      msg.ack();
      return;
    }
    const attempt = msg.info.redeliveryCount;
    const outcome = await this.attempt((signal) =>
      this.plugin.deliver({ ...delivery, attempt }, { signal, timeoutMs: this.settings.deliveryTimeoutMs }),
    );
    const label = `${delivery.deliveryId} (attempt ${attempt})`;
    if (outcome.status === 'delivered') {
      this.stats.delivered++;
      msg.ack();
      return;
    }
    const delay = outcome.status === 'retry' ? retryDelayMs(this.settings.retryScheduleMs, attempt) : undefined;
    if (delay === undefined) {
      this.stats.failed++;
      this.logger.warn(`${label} failed for good: ${outcome.reason}`);
      msg.term();
      return;
    }
    this.stats.retried++;
    const wait = Math.max(delay, outcome.status === 'retry' ? (outcome.retryAfterMs ?? 0) : 0);
    this.logger.warn(`${label} will be retried in ${wait} ms: ${outcome.reason}`);
    msg.nak(wait);
  }

  /**
   * Runs one delivery under the timeout, turning a throw or a timeout into a retryable outcome. The race matters: a
   * plugin that ignores its signal must still give its slot back.
   */
  private async attempt(run: (signal: AbortSignal) => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    const timeoutMs = this.settings.deliveryTimeoutMs;
    const signal = AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(timeoutMs)]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'retry', reason: `timed out after ${timeoutMs} ms` }), timeoutMs);
    });
    try {
      return await Promise.race([run(signal), timedOut]);
    } catch (err) {
      const reason = signal.aborted
        ? `timed out after ${timeoutMs} ms`
        : err instanceof Error
          ? err.message
          : String(err);
      return { status: 'retry', reason };
    } finally {
      clearTimeout(timer);
    }
  }
}
