import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { canMerge, SourceEvent } from '@herald/plugin-sdk';
import {
  HeldMessage,
  PinnedNatsClient,
  PinnedWorker,
  SOURCE_AGGREGATOR_DURABLE,
  SOURCE_PENDING_STREAM,
  SOURCE_PENDING_SUBJECT_PREFIX,
} from '@herald/transport';
import { AggregationWindows, Window } from './aggregation-windows';
import { SourceEventPublisher, StagedSourceEvent } from './source-event.publisher';
import { SourceEventsHub } from './source-events.hub';
import { SourceRegistry } from './source-registry.service';
import { SOURCES_OPTIONS, SourcesOptions } from './sources.options';

/** Past the window's end, so that a part stored at its last moment has reached this consumer. */
const CLOSE_GRACE_MS = 250;
const RETRY_DELAY_MS = 1000;
/** Parts held at once across every window: the consumer's max_ack_pending. */
const MAX_HELD = 1000;

function parseStaged(data: Uint8Array): StagedSourceEvent | undefined {
  try {
    const staged = JSON.parse(new TextDecoder().decode(data)) as Partial<StagedSourceEvent> | null;
    const e = staged?.event;
    const valid =
      typeof staged?.source === 'string' &&
      typeof e?.kind === 'string' &&
      typeof e.id === 'string' &&
      typeof e.payload === 'object' &&
      e.payload !== null;
    return valid ? (staged as StagedSourceEvent) : undefined;
  } catch {
    return undefined;
  }
}

interface Part {
  held: HeldMessage;
  event: SourceEvent;
}

/**
 * Closes aggregation windows. The staged events of HERALD_SOURCE_PENDING are consumed by one pinned consumer (one owner
 * at a time across instances, another taking over when it dies); a window's parts stay unacked while it is open, its
 * merged event is published with an id derived from the parts, and only once JetStream acked that are the parts acked.
 * Killed in between, the parts come back to the next owner, group the same way (windows follow stored timestamps) and
 * merge to the same id, which the events stream drops as a duplicate.
 */
@Injectable()
export class SourceAggregator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SourceAggregator.name);
  private worker?: PinnedWorker;
  private readonly windows: AggregationWindows<Part>;
  /** Each open window's timer, and the removal of its listener on the pin's loss. */
  private readonly pending = new Map<Window<Part>, () => void>();

  constructor(
    private readonly pinned: PinnedNatsClient,
    private readonly registry: SourceRegistry,
    private readonly publisher: SourceEventPublisher,
    private readonly hub: SourceEventsHub,
    @Inject(SOURCES_OPTIONS) private readonly options: SourcesOptions,
  ) {
    this.windows = new AggregationWindows(options.aggregationWindowMs, options.maxMergeParts);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new PinnedWorker(
      this.pinned.js,
      this.pinned.jsm,
      {
        stream: SOURCE_PENDING_STREAM,
        durable: SOURCE_AGGREGATOR_DURABLE,
        filterSubject: `${SOURCE_PENDING_SUBJECT_PREFIX}.>`,
        ackWaitMs: this.options.ackWaitMs,
        pinTtlMs: this.options.pinTtlMs,
        maxAckPending: MAX_HELD,
        pullBatch: 100,
        logger: this.logger,
      },
      (held) => this.receive(held),
    );
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    // Open windows go back to JetStream for whoever owns the consumer next.
    this.release(this.windows.drain());
    await this.worker?.stop(this.options.shutdownTimeoutMs);
  }

  private receive(held: HeldMessage): void {
    const staged = parseStaged(held.msg.data);
    if (!staged) {
      // Only Herald writes this stream: anything else in it is dropped rather than retried forever.
      this.logger.warn(`dropped message ${held.msg.seq} of ${SOURCE_PENDING_STREAM}: not a staged source event`);
      held.term('not a staged source event');
      return;
    }
    const key = `${staged.source} ${staged.event.aggregationKey ?? staged.event.id}`;
    const at = Math.floor(held.msg.info.timestampNanos / 1e6);
    const { opened, closed } = this.windows.add(key, at, { held, event: staged.event });
    if (closed) void this.flush(closed, staged.source);
    if (opened) this.schedule(opened, at, staged.source, held.session.lost);
  }

  private schedule(window: Window<Part>, at: number, sourceName: string, lost: AbortSignal): void {
    // Clamped to the window: a clock apart from the server's can shorten or stretch a window, never hold it forever.
    const windowMs = this.options.aggregationWindowMs;
    const due = Math.min(Math.max(at + windowMs - Date.now(), 0), windowMs);
    const timer = setTimeout(() => void this.flush(window, sourceName), due + CLOSE_GRACE_MS);
    // A pin moving away takes the window's parts with it: JetStream hands them to the new owner.
    const onLost = () => {
      if (this.windows.close(window)) this.release([window]);
    };
    lost.addEventListener('abort', onLost, { once: true });
    this.pending.set(window, () => {
      clearTimeout(timer);
      lost.removeEventListener('abort', onLost);
    });
  }

  private forget(window: Window<Part>): void {
    this.pending.get(window)?.();
    this.pending.delete(window);
  }

  private async flush(window: Window<Part>, sourceName: string): Promise<void> {
    this.forget(window);
    this.windows.close(window);
    const merged = this.merge(window, sourceName);
    try {
      await this.publisher.publish(sourceName, merged);
      for (const e of merged) this.hub.sourceEventPublished(sourceName, e.kind, 'merged');
      for (const p of window.parts) p.held.ack();
    } catch (err) {
      this.logger.warn(`could not publish ${window.parts.length} merged event(s) of ${window.key}: ${String(err)}`);
      for (const p of window.parts) p.held.nak(RETRY_DELAY_MS);
    }
  }

  /** One event, or, from a source no longer loaded or whose merge throws, the parts one by one: none is lost. */
  private merge(window: Window<Part>, sourceName: string): SourceEvent[] {
    const events = window.parts.map((p) => p.event);
    const plugin = this.registry.get(sourceName)?.plugin;
    if (!plugin || !canMerge(plugin) || events.length === 1) return events;
    try {
      return [plugin.merge(events)];
    } catch (err) {
      this.logger.error(`source ${sourceName}: merge of ${window.key} threw, publishing its parts: ${String(err)}`);
      return events;
    }
  }

  private release(windows: Window<Part>[]): void {
    for (const w of windows) {
      this.forget(w);
      for (const p of w.parts) p.held.nak();
    }
  }
}
