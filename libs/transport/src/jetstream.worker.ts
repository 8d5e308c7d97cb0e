import {
  AckPolicy,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  nanos,
} from 'nats';
import { handBackAfterFailure, PoisonBound } from './handler-failure';
import { ProgressReporter } from './progress-reporter';
import { Semaphore } from './semaphore';
import { settleWithin } from './settle-within';

export interface WorkerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface JetStreamWorkerOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Messages handled at once by this process. */
  concurrency: number;
  /** Unacked messages go back to the stream after this long; in-flight handlers keep theirs alive meanwhile. */
  ackWaitMs: number;
  /** Cap on unacked messages across every instance sharing the durable consumer. */
  maxAckPending?: number;
  /**
   * Poison bound: JetStream's max_deliver for the consumer, and what to do with a message whose handler still throws on
   * its last delivery (it is then parked and terminated instead of redelivered forever). A message that never comes
   * back to any handler (it crashes or hangs the process) is reported by JetStream's max-deliveries advisory instead.
   */
  poison?: PoisonBound<JsMsg>;
  logger: WorkerLogger;
}

/**
 * The handler owns the message's fate (ack, nak with a delay, term). If it throws, the worker naks the message so that
 * JetStream redelivers it: at-least-once, never dropped.
 */
export type JetStreamHandler = (msg: JsMsg) => Promise<void>;

const RECONSUME_DELAY_MS = 500;
const MAX_PULL_BUFFER = 256;

/** A durable pull consumer with bounded concurrency and a graceful stop; several processes can share one durable. */
export class JetStreamWorker {
  private readonly slots: Semaphore;
  /** Messages being handled, with their handlers. */
  private readonly inFlight = new Map<JsMsg, Promise<void>>();
  private readonly progress: ProgressReporter<JsMsg>;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: JetStreamWorkerOptions,
    private readonly handler: JetStreamHandler,
  ) {
    this.slots = new Semaphore(opts.concurrency);
    this.progress = new ProgressReporter(opts.ackWaitMs);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  get running(): boolean {
    return !!this.loop && !this.stopping;
  }

  async start(): Promise<void> {
    await this.ensureConsumer();
    this.progress.start();
    this.loop = this.run();
  }

  /** Stops pulling, lets in-flight handlers finish (up to timeoutMs), and hands unstarted messages straight back. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    if (!(await settleWithin([...this.inFlight.values()], timeoutMs))) {
      this.opts.logger.warn(
        `${this.opts.durable}: ${this.inFlight.size} message(s) still in flight after ${timeoutMs} ms; JetStream will redeliver them`,
      );
    }
    await this.loop?.catch(() => undefined);
    this.progress.stop();
  }

  private async ensureConsumer(): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: this.opts.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.opts.filterSubject,
      ack_wait: nanos(this.opts.ackWaitMs),
      max_deliver: this.opts.poison?.maxDeliveries ?? -1,
      max_ack_pending: this.opts.maxAckPending ?? 10_000,
    };
    const existing = await this.jsm.consumers.info(this.opts.stream, this.opts.durable).catch(() => undefined);
    if (!existing) {
      await this.jsm.consumers.add(this.opts.stream, config).catch(async (err: unknown) => {
        // A sibling instance created it first; that is fine.
        if (!(await this.jsm.consumers.info(this.opts.stream, this.opts.durable).catch(() => undefined))) throw err;
      });
    } else if (
      existing.config.ack_wait !== config.ack_wait ||
      existing.config.max_ack_pending !== config.max_ack_pending ||
      (existing.config.max_deliver ?? -1) !== config.max_deliver
    ) {
      await this.jsm.consumers.update(this.opts.stream, this.opts.durable, {
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
        max_deliver: config.max_deliver,
      });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.js.consumers.get(this.opts.stream, this.opts.durable);
        // The pull buffer adds to what the slots already hold: keep it modest so memory stays bounded under a burst.
        this.messages = await consumer.consume({
          max_messages: Math.min(Math.max(2 * this.opts.concurrency, 16), MAX_PULL_BUFFER),
        });
        if (this.stopping) await this.messages.close();
        for await (const msg of this.messages) {
          if (this.stopping) {
            msg.nak();
            continue;
          }
          await this.slots.acquire();
          this.track(msg);
        }
      } catch (err) {
        if (!this.stopping) this.opts.logger.error(`${this.opts.durable}: consumer failed, resuming: ${String(err)}`);
      }
      if (!this.stopping) await new Promise((r) => setTimeout(r, RECONSUME_DELAY_MS));
    }
  }

  private track(msg: JsMsg): void {
    const work = this.handler(msg)
      .catch((err: unknown) =>
        handBackAfterFailure(msg, err, this.opts.durable, this.opts.logger, this.opts.poison, this.stopping),
      )
      .finally(() => {
        this.slots.release();
        this.inFlight.delete(msg);
        this.progress.untrack(msg);
      });
    this.inFlight.set(msg, work);
    this.progress.track(msg);
  }
}
