import type { Logger } from '@nestjs/common';
import { validateEvent } from '@herald/events';
import {
  SourceContext,
  SourceEvent,
  SourceInputError,
  SourcePlugin,
  SourceRequest,
  SourceTranslation,
} from '@herald/plugin-sdk';
import { JetStreamWorker, NatsClient, publishDeadLetter, sourceDeadLetterSubject } from '@herald/transport';
import { AckPolicy, DeliverPolicy, JsMsg, MsgHdrs, nanos, RetentionPolicy, StorageType } from 'nats';
import { publishSourceEvents } from '../sources/source-event.publisher';
import type { SourceObserver } from '../sources/source-events.hub';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface SourceNatsBinding {
  plugin: SourcePlugin;
  /** The subject the registry publishes on (zot's NATS sink `channel`). */
  subject: string;
  /** A stream of the user's that already captures the subject; default: Herald's own `HERALD_SOURCE_<NAME>`. */
  stream?: string;
  context: SourceContext;
}

export interface SourceNatsOptions {
  ackWaitMs: number;
  /** A message whose events cannot be published on this many deliveries is parked. */
  maxDeliveries: number;
  replicas: number;
  logger: Logger;
  /** The ingest's metrics (herald_source_events_total, herald_source_events_skipped_total) count this path too. */
  observer: SourceObserver;
}

export function sourceStreamName(source: string): string {
  return `HERALD_SOURCE_${source.toUpperCase().replace(/-/g, '_')}`;
}

export function sourceDurable(source: string): string {
  return `herald-source-${source}`;
}

/**
 * Why a translated event cannot be published (a payload the catalogue refuses), or undefined when all can. Checked
 * here, unlike the HTTP ingest (where the events stream dead-letters it), so the source message itself is parked whole.
 */
export function refusedSourceEvent(events: readonly SourceEvent[]): string | undefined {
  for (const event of events) {
    const valid = validateEvent(event.kind, event.payload);
    if (!valid.ok) return `event ${event.id}: ${valid.reason}`;
  }
  return undefined;
}

function headersOf(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of h?.keys() ?? []) out[key.toLowerCase()] = h?.get(key) ?? '';
  return out;
}

/**
 * Reads what a registry publishes on a NATS subject (zot's NATS sink: CloudEvents on plain core NATS) through a
 * JetStream stream capturing that subject, so that nothing published while Herald is down is lost, and a durable
 * consumer that acks a message only once the events it translates to are acked on Herald's events stream. A message
 * the source cannot read is parked as a dead letter with the reason, and the next one goes on.
 */
export class SourceNatsConsumer {
  private worker?: JetStreamWorker;

  constructor(
    private readonly nats: NatsClient,
    private readonly binding: SourceNatsBinding,
    private readonly options: SourceNatsOptions,
  ) {}

  get name(): string {
    return this.binding.plugin.name;
  }

  async start(): Promise<void> {
    const { stream, own } = await this.captureStream();
    const durable = sourceDurable(this.name);
    await this.ensureConsumer(stream, durable, own);
    this.worker = new JetStreamWorker(
      this.nats.js,
      this.nats.jsm,
      {
        stream,
        durable,
        filterSubject: this.binding.subject,
        // One at a time: events reach the events stream in the order the registry published them.
        concurrency: 1,
        ackWaitMs: this.options.ackWaitMs,
        poison: {
          maxDeliveries: this.options.maxDeliveries,
          park: (msg, reason) => this.park(msg, reason),
        },
        logger: this.options.logger,
      },
      (msg) => this.handle(msg),
    );
    await this.worker.start();
    this.options.logger.log(`source ${this.name}: consuming ${this.binding.subject} through stream ${stream}`);
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.worker?.stop(timeoutMs);
  }

  /** The user's stream if named or already capturing the subject; else Herald's own, created or moved to it. */
  private async captureStream(): Promise<{ stream: string; own: boolean }> {
    const { jsm } = this.nats;
    const { subject } = this.binding;
    if (this.binding.stream) {
      const info = await jsm.streams.info(this.binding.stream).catch(() => undefined);
      if (!info) throw new Error(`source ${this.name}: stream ${this.binding.stream} does not exist`);
      return { stream: this.binding.stream, own: false };
    }
    const name = sourceStreamName(this.name);
    const found = await jsm.streams.find(subject).catch(() => undefined);
    if (found) return { stream: found, own: found === name };
    const existing = await jsm.streams.info(name).catch(() => undefined);
    if (existing) {
      // The subject setting changed: the stream follows it.
      await jsm.streams.update(name, { ...existing.config, subjects: [subject] });
    } else {
      await jsm.streams.add({
        name,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        num_replicas: this.options.replicas,
        max_age: nanos(WEEK_MS),
      });
    }
    return { stream: name, own: true };
  }

  /**
   * Created here rather than by the worker for its start: Herald's own stream is read from its first message (it holds
   * only what Herald captured), a stream of the user's from now on, not replaying its history as new pushes.
   */
  private async ensureConsumer(stream: string, durable: string, own: boolean): Promise<void> {
    const { jsm } = this.nats;
    const existing = await jsm.consumers.info(stream, durable).catch(() => undefined);
    if (existing) {
      // The subject setting changed: the consumer follows it (the worker keeps its other settings current).
      if (existing.config.filter_subject !== this.binding.subject) {
        await jsm.consumers.update(stream, durable, { filter_subject: this.binding.subject });
      }
      return;
    }
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: own ? DeliverPolicy.All : DeliverPolicy.New,
        filter_subject: this.binding.subject,
        ack_wait: nanos(this.options.ackWaitMs),
        max_deliver: this.options.maxDeliveries,
        max_ack_pending: 10_000,
      })
      .catch(async (err: unknown) => {
        // Another instance created it first.
        if (!(await jsm.consumers.info(stream, durable).catch(() => undefined))) throw err;
      });
  }

  private async park(msg: JsMsg, reason: string): Promise<void> {
    await publishDeadLetter(this.nats.js, msg, reason, sourceDeadLetterSubject(this.name));
    this.options.logger.warn(`source ${this.name}: dead-lettered ${msg.subject} #${msg.seq}: ${reason}`);
  }

  private translate(msg: JsMsg): SourceTranslation | string {
    const request: SourceRequest = { body: Buffer.from(msg.data), headers: headersOf(msg.headers) };
    try {
      const translation = this.binding.plugin.translate(request, this.binding.context);
      return refusedSourceEvent(translation.events) ?? translation;
    } catch (err) {
      // translate() is pure: what it refuses once it refuses on every delivery, so it is parked at once.
      return err instanceof SourceInputError ? err.message : `source plugin failed: ${String(err)}`;
    }
  }

  /** Throws only when publishing fails: the worker then hands the message back for a later delivery. */
  private async handle(msg: JsMsg): Promise<void> {
    const translation = this.translate(msg);
    if (typeof translation === 'string') {
      await this.park(msg, translation);
      msg.ack();
      return;
    }
    await publishSourceEvents(this.nats.js, this.name, translation.events);
    const { observer } = this.options;
    for (const e of translation.events) observer.sourceEventPublished(this.name, e.kind, 'published');
    for (const { type, reason } of translation.skipped) {
      observer.sourceEventSkipped(this.name, type);
      this.options.logger.debug(`source ${this.name}: skipped ${type} (#${msg.seq}): ${reason}`);
    }
    msg.ack();
  }
}
