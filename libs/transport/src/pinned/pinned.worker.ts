import {
  AckPolicy,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { WorkerLogger } from '../jetstream.worker';
import { ProgressReporter } from '../progress-reporter';

/** The priority group every Herald instance pulls in: JetStream pins one of them per consumer. */
export const PINNED_GROUP = 'herald';

const PIN_HEADER = 'Nats-Pin-Id';
const BARRIER_POLL_MS = 200;
const RECONSUME_DELAY_MS = 500;

export interface PinnedWorkerOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Unsettled messages go back to the stream after this long; held ones are kept alive meanwhile. */
  ackWaitMs: number;
  /** JetStream moves the pin to another instance once the pinned one has not pulled for this long. */
  pinTtlMs: number;
  /** Messages delivered and not yet settled, across every instance: bounds what one owner holds. */
  maxAckPending: number;
  maxDeliver?: number;
  /** Messages pulled ahead into this process. */
  pullBatch: number;
  /** Where the consumer starts when it is created (e.g. where a predecessor left off); the stream's start otherwise. */
  startSequence?: () => Promise<number | undefined>;
  logger: WorkerLogger;
}

/** A stretch of time during which this process holds the consumer's pin. */
export interface PinnedSession {
  readonly id: string;
  /** Aborted when the pin moves away (or the worker stops): release every held message not yet started. */
  readonly lost: AbortSignal;
}

/** A message handed to the handler, which settles it exactly once, whenever it is done with it. */
export interface HeldMessage {
  readonly msg: JsMsg;
  readonly session: PinnedSession;
  ack(): void;
  nak(delayMs?: number): void;
  term(reason?: string): void;
}

export type PinnedHandler = (held: HeldMessage) => void;

interface Session extends PinnedSession {
  controller: AbortController;
  /** Messages received before the previous owner's unsettled ones came back: released together, in stream order. */
  barrier?: HeldMessage[];
}

/**
 * A durable pull consumer in a pinned priority group: one instance at a time receives its messages, in stream order,
 * and another takes over once that one stops pulling. When the pin arrives, the previous owner may have left messages
 * unsettled; JetStream redelivers them only after the ack wait, while newer ones flow at once. So a new session holds
 * everything back until no message is unsettled anywhere else, then releases what it has in stream order: the handler
 * always sees a consumer's messages in order, across failovers.
 */
export class PinnedWorker {
  private readonly progress: ProgressReporter<JsMsg>;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private session?: Session;
  /** Held messages by stream sequence, each with its newest delivery. */
  private readonly bySeq = new Map<number, { current: JsMsg }>();
  private stopping = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: PinnedWorkerOptions,
    private readonly handler: PinnedHandler,
  ) {
    this.progress = new ProgressReporter(opts.ackWaitMs);
  }

  get running(): boolean {
    return !!this.loop && !this.stopping;
  }

  /** Messages received and not settled yet. */
  get held(): number {
    return this.progress.size;
  }

  get pinned(): boolean {
    return !!this.session && !this.session.lost.aborted;
  }

  /** The pinned session once its first messages are released (the previous owner's all settled); else undefined. */
  get openSession(): PinnedSession | undefined {
    const s = this.session;
    return s && !s.lost.aborted && !s.barrier ? s : undefined;
  }

  /**
   * Whether, as the server answers now, every message stored for this consumer was delivered and whatever is unsettled
   * is held here: nothing of it waits in the stream or in another process.
   */
  async allHeldHere(): Promise<boolean> {
    const info = await this.jsm.consumers.info(this.opts.stream, this.opts.durable);
    return info.num_pending === 0 && info.num_ack_pending - this.progress.size <= 0;
  }

  async start(): Promise<void> {
    await this.ensureConsumer();
    this.progress.start();
    this.loop = this.run();
  }

  /** Stops pulling, tells the handler to release what it has not started, and waits (up to timeoutMs) for the rest. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.endSession('stopping');
    await this.messages?.close().catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (this.progress.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.progress.size > 0) {
      this.opts.logger.warn(
        `${this.opts.durable}: ${this.progress.size} message(s) unsettled at stop; JetStream will redeliver them`,
      );
    }
    await this.loop?.catch(() => undefined);
    this.progress.stop();
  }

  private async ensureConsumer(): Promise<void> {
    const mutable = {
      ack_wait: nanos(this.opts.ackWaitMs),
      max_ack_pending: this.opts.maxAckPending,
      max_deliver: this.opts.maxDeliver ?? -1,
      priority_timeout: nanos(this.opts.pinTtlMs),
    };
    const existing = await this.jsm.consumers.info(this.opts.stream, this.opts.durable).catch(() => undefined);
    if (existing) {
      const c = existing.config;
      if (
        c.ack_wait !== mutable.ack_wait ||
        c.max_ack_pending !== mutable.max_ack_pending ||
        (c.max_deliver ?? -1) !== mutable.max_deliver ||
        c.priority_timeout !== mutable.priority_timeout
      ) {
        await this.jsm.consumers.update(this.opts.stream, this.opts.durable, mutable);
      }
      return;
    }
    const start = await this.opts.startSequence?.();
    const config: Partial<ConsumerConfig> = {
      ...mutable,
      durable_name: this.opts.durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: this.opts.filterSubject,
      priority_groups: [PINNED_GROUP],
      priority_policy: 'pinned_client',
      ...(start
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start }
        : { deliver_policy: DeliverPolicy.All }),
    };
    await this.jsm.consumers.add(this.opts.stream, config).catch(async (err: unknown) => {
      // A sibling instance created it first; that is fine.
      if (!(await this.jsm.consumers.info(this.opts.stream, this.opts.durable).catch(() => undefined))) throw err;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.js.consumers.get(this.opts.stream, this.opts.durable);
        // JetStream keeps the pin only while the pinned client keeps sending pull requests: an idle pull must expire and be
        // renewed well within the pin's time to live, or the pin moves between live instances.
        const messages = await consumer.consume({
          group: PINNED_GROUP,
          max_messages: this.opts.pullBatch,
          expires: Math.max(1000, Math.floor(this.opts.pinTtlMs / 3)),
        });
        this.messages = messages;
        if (this.stopping) await messages.close();
        void this.watchStatus(messages);
        for await (const msg of messages) {
          if (this.stopping) {
            msg.nak();
            continue;
          }
          this.receive(msg);
        }
      } catch (err) {
        if (!this.stopping) this.opts.logger.error(`${this.opts.durable}: consumer failed, resuming: ${String(err)}`);
      }
      // Whatever this pull loop held is no longer ours to start: the pin may move while we reconnect.
      this.endSession('consumer restarted');
      if (!this.stopping) await new Promise((r) => setTimeout(r, RECONSUME_DELAY_MS));
    }
  }

  private async watchStatus(messages: ConsumerMessages): Promise<void> {
    for await (const s of messages.status()) {
      if (s.type === 'consumer_unpinned') this.endSession('the pin moved to another instance');
      else if (
        s.type === 'consumer_pinned' &&
        (!this.session || this.session.lost.aborted || this.session.id !== s.id)
      ) {
        this.beginSession(s.id);
      }
    }
  }

  private receive(msg: JsMsg): void {
    const pin = msg.headers?.get(PIN_HEADER) ?? '';
    if (!this.session || this.session.lost.aborted || this.session.id !== pin) this.beginSession(pin);
    const session = this.session as Session;
    const earlier = this.bySeq.get(msg.seq);
    if (earlier) {
      // Redelivered while still held here (the process stalled past the ack wait): one message, settled through its
      // newest delivery.
      this.progress.untrack(earlier.current);
      earlier.current = msg;
      this.progress.track(msg);
      return;
    }
    const held = this.hold(msg, session);
    if (session.barrier) session.barrier.push(held);
    else this.handler(held);
  }

  private hold(msg: JsMsg, session: PinnedSession): HeldMessage {
    const ref = { current: msg };
    this.bySeq.set(msg.seq, ref);
    this.progress.track(msg);
    const settle = (how: (m: JsMsg) => void) => {
      if (this.bySeq.get(msg.seq) !== ref) return;
      this.bySeq.delete(msg.seq);
      this.progress.untrack(ref.current);
      how(ref.current);
    };
    return {
      msg,
      session,
      ack: () => settle((m) => m.ack()),
      nak: (delayMs) => settle((m) => m.nak(delayMs)),
      term: (reason) => settle((m) => m.term(reason)),
    };
  }

  private beginSession(id: string): void {
    this.endSession('a new pin');
    this.opts.logger.log(`${this.opts.durable}: pinned here (${id})`);
    const controller = new AbortController();
    const session: Session = { id, controller, lost: controller.signal, barrier: [] };
    this.session = session;
    void this.awaitPredecessor(session);
  }

  private endSession(reason: string): void {
    const s = this.session;
    if (!s || s.lost.aborted) return;
    this.opts.logger.log(`${this.opts.durable}: pin ${s.id} ended: ${reason}`);
    s.controller.abort(new Error(reason));
    // Never handed out: back to JetStream for whoever holds the pin now.
    for (const held of s.barrier?.splice(0) ?? []) held.nak();
  }

  /** Releases the session's first messages once nothing is unsettled outside this process. */
  private async awaitPredecessor(session: Session): Promise<void> {
    while (!session.lost.aborted) {
      try {
        const info = await this.jsm.consumers.info(this.opts.stream, this.opts.durable);
        if (info.num_ack_pending - this.progress.size <= 0) break;
      } catch (err) {
        this.opts.logger.warn(`${this.opts.durable}: cannot read the consumer yet: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, BARRIER_POLL_MS));
    }
    if (session.lost.aborted) return;
    const first = (session.barrier ?? []).sort((a, b) => a.msg.seq - b.msg.seq);
    this.opts.logger.log(`${this.opts.durable}: pin ${session.id} released ${first.length} held message(s)`);
    session.barrier = undefined;
    for (const held of first) this.handler(held);
  }
}
