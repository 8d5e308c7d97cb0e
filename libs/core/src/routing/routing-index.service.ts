import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { EventKind } from '@herald/events';
import type { NotificationSnapshot } from '@herald/plugin-sdk';
import { NatsClient } from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import {
  DomainEventEnvelope,
  DomainEventPublisher,
  INSTANCE_ID,
  SyncProjection,
} from '../domain-events/domain-event.publisher';
import {
  NOTIFICATION_EVENTS_SUBJECT,
  NOTIFICATION_EVENT_NAMES,
  NotificationDomainEvent,
} from '../domain-events/notification.events';
import { matchesEventConfig } from '../filters/event-filter';
import { NotificationRepository } from '../notification/notification.repository';
import type { Notification } from '../notification/notification.schema';
import { toSnapshot } from '../notification/notification.view';
import { ConfigSecrets } from '../secrets/config-secrets.service';
import { DEFAULT_LANE, LaneSettings, laneSettingsOf } from '../lanes/lane-settings';
import { DomainStreamReader } from './domain-stream.reader';
import { planResync, ResyncStep } from './resync-plan';

interface Entry {
  snapshot: NotificationSnapshot;
  failures: number;
  /** Only when not the default (most notifications): one object less each to hold. */
  lane?: LaneSettings;
}

/**
 * Entries by (repository, event) in plain arrays: most keys hold one or two notifications, and 100,000 small Maps cost
 * far more memory (and GC marking) than arrays. Each entry is also in `byUuid` for lookups by id.
 */
type Table = Map<string, Entry[]>;

/**
 * Strings that repeat across notifications (event kinds, methods, repositories), stored once. With 100,000
 * notifications in memory every object counts: each full GC marks them all, and a copy per notification of "repo_push"
 * is 100,000 objects more to mark.
 */
class StringPool {
  private readonly strings = new Map<string, string>();
  get(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
}

const NO_EVENT_CONFIG: Record<string, unknown> = Object.freeze({});

/** A test delivery changes nothing the index holds: no need to re-read the notification on every instance. */
const changesIndex = (name: string) => name !== NOTIFICATION_EVENT_NAMES.tested;

const keyOf = (repository: string, event: string) => `${repository}\n${event}`;

/**
 * Stream messages one resync reads at most (a few hundred bytes each, cheap to read: a failure storm publishes one per
 * failed delivery), and distinct notifications it re-reads at most; past either, a full rebuild is the cheaper way.
 */
const MAX_CATCH_UP = 100_000;
const MAX_REREADS = 10_000;

/**
 * Every notification in memory, keyed by (repository, event), so matching an event costs no database round trip. Kept
 * current by domain events (this process's synchronously, other instances' over NATS). Every resync period it catches
 * up on the domain stream's messages it may have missed (a NATS subscription drops messages while disconnected),
 * re-reading only the notifications they name; a full rebuild runs far less often (HERALD_INDEX_REBUILD_MS), to
 * repair a change written but never published. Not `updated_at`: FerretDB answers only `_id` filters from an index, so
 * a query on it scans every notification (seconds of its CPU at 100,000), and the stream costs one request when idle.
 */
@Injectable()
export class RoutingIndex implements SyncProjection, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RoutingIndex.name);
  private table: Table = new Map();
  private byUuid = new Map<string, Entry>();
  private pool = new StringPool();
  /** Changes seen while a rebuild reads the database; replayed on the new table so none is lost. */
  private changedDuringRebuild?: Set<string>;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private initial?: Promise<void>;
  private readonly stream: DomainStreamReader;
  /** Domain stream sequence up to which every change is in the index (see resync-plan.ts). */
  private coveredSeq?: number;
  private lastRebuildAt = 0;
  private resyncing = false;
  /** MAX_REREADS; a spec lowers it. */
  maxRereads = MAX_REREADS;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly nats: NatsClient,
    private readonly secrets: ConfigSecrets,
    domainEvents: DomainEventPublisher,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {
    domainEvents.register(this);
    this.stream = new DomainStreamReader(nats);
  }

  get size(): number {
    return this.byUuid.size;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = this.nats.nc.subscribe(NOTIFICATION_EVENTS_SUBJECT, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const envelope = JSON.parse(Buffer.from(msg.data).toString()) as DomainEventEnvelope;
          if (envelope.origin === INSTANCE_ID || typeof envelope.uuid !== 'string') return;
          // A delete takes effect on receipt, before any event that was published after it can be matched.
          if (!changesIndex(envelope.name)) return;
          if (envelope.name === NOTIFICATION_EVENT_NAMES.deleted) this.remove(envelope.uuid);
          void this.refresh(envelope.uuid);
        } catch {
          this.logger.warn(`ignoring unreadable domain event on ${msg.subject}`);
        }
      },
    });
    await this.whenReady();
    this.timer = setInterval(() => void this.resync(), this.settings.indexResyncMs);
    this.timer.unref();
  }

  /** The first full load; whoever needs the index first starts it, so boot order does not matter. */
  whenReady(): Promise<void> {
    this.initial ??= this.rebuild().then(() => this.logger.log(`routing index loaded: ${this.size} notification(s)`));
    return this.initial;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  apply(event: NotificationDomainEvent): Promise<void> {
    return changesIndex(event.name) ? this.refresh(event.uuid) : Promise.resolve();
  }

  /** Re-reads one notification and puts it in, updates it, or takes it out. */
  async refresh(uuid: string): Promise<void> {
    this.changedDuringRebuild?.add(uuid);
    const doc = await this.notifications.findByUuid(uuid);
    this.put(this.table, this.byUuid, this.pool, uuid, doc);
  }

  /** One periodic resync: nothing, a catch-up on the domain stream, or a full rebuild (see planResync). */
  async resync(): Promise<ResyncStep | undefined> {
    if (this.resyncing) return undefined;
    this.resyncing = true;
    let step: ResyncStep | undefined;
    try {
      const stream = await this.stream.position();
      const limits = { rebuildEveryMs: this.settings.indexRebuildMs, maxCatchUp: MAX_CATCH_UP };
      step = planResync(
        { coveredSeq: this.coveredSeq, stream, sinceRebuildMs: Date.now() - this.lastRebuildAt },
        limits,
      );
      if (step.kind === 'catch-up') {
        try {
          const changed = await this.stream.changedBetween(step.from, step.to, changesIndex);
          if (changed.size > this.maxRereads) throw new Error(`${changed.size} notifications changed`);
          for (const uuid of changed) await this.refresh(uuid);
          this.coveredSeq = step.to;
          this.logger.debug(`routing index caught up on sequences ${step.from}..${step.to}: ${changed.size} re-read`);
        } catch (e) {
          step = { kind: 'rebuild', reason: `catch-up failed: ${String(e)}` };
        }
      }
      if (step.kind === 'rebuild') {
        if (step.reason !== 'periodic') this.logger.log(`routing index: full rebuild (${step.reason})`);
        await this.rebuild();
      }
    } catch (e) {
      this.logger.error(`resync failed: ${String(e)}`);
    } finally {
      this.resyncing = false;
    }
    return step;
  }

  /** Reads every notification into a new table; changes seen meanwhile are replayed on it. */
  async rebuild(): Promise<void> {
    // Taken before the read: every change from here on is either in what the read sees or caught up on later.
    const position = await this.stream.position();
    const started = Date.now();
    this.changedDuringRebuild = new Set();
    const table: Table = new Map();
    const byUuid = new Map<string, Entry>();
    const pool = new StringPool();
    try {
      // Fields routing never reads stay in the database: less for FerretDB to encode and for us to decode.
      for await (const batch of this.notifications.all({ omit: ['created_at', 'updated_at', 'namespace'] })) {
        for (const n of batch) this.put(table, byUuid, pool, n.uuid, n);
      }
      const replay = [...this.changedDuringRebuild];
      this.table = table;
      this.byUuid = byUuid;
      this.pool = pool;
      this.changedDuringRebuild = undefined;
      for (const uuid of replay) await this.refresh(uuid);
      this.coveredSeq = position?.lastSeq;
      this.lastRebuildAt = started;
    } finally {
      this.changedDuringRebuild = undefined;
    }
  }

  remove(uuid: string): void {
    this.changedDuringRebuild?.add(uuid);
    this.put(this.table, this.byUuid, this.pool, uuid, null);
  }

  has(uuid: string): boolean {
    return this.byUuid.has(uuid);
  }

  private entry(uuid: string): Entry | undefined {
    return this.byUuid.get(uuid);
  }

  /** The notification as deliveries use it now (its config opened), or undefined when it is gone. */
  snapshot(uuid: string): NotificationSnapshot | undefined {
    return this.entry(uuid)?.snapshot;
  }

  /** Failures as last seen; undefined when the notification is unknown (deleted). */
  failuresOf(uuid: string): number | undefined {
    return this.entry(uuid)?.failures;
  }

  /** How the notification's lane runs: the default (strict, no rate limit) when unknown. */
  laneSettings(uuid: string): LaneSettings {
    return this.entry(uuid)?.lane ?? DEFAULT_LANE;
  }

  /** Disabled notifications by method (a walk over the index: for scrapes, not for hot paths). */
  disabledByMethod(): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.byUuid.values()) {
      if (e.failures >= this.settings.failureThreshold)
        out.set(e.snapshot.method, (out.get(e.snapshot.method) ?? 0) + 1);
    }
    return out;
  }

  isDisabled(uuid: string): boolean {
    return (this.entry(uuid)?.failures ?? 0) >= this.settings.failureThreshold;
  }

  /** Enabled notifications of the repository and kind whose filters the event passes. */
  match(repository: string, event: EventKind, payload: Record<string, unknown>): NotificationSnapshot[] {
    const bucket = this.table.get(keyOf(repository, event));
    if (!bucket) return [];
    const out: NotificationSnapshot[] = [];
    for (const { snapshot, failures } of bucket) {
      if (failures >= this.settings.failureThreshold) continue;
      if (matchesEventConfig(event, snapshot.event_config, payload)) out.push(snapshot);
    }
    return out;
  }

  private put(
    table: Table,
    byUuid: Map<string, Entry>,
    pool: StringPool,
    uuid: string,
    doc: Notification | null,
  ): void {
    const old = byUuid.get(uuid);
    if (old) {
      const key = keyOf(old.snapshot.repository, old.snapshot.event);
      const bucket = table.get(key);
      const rest = bucket?.filter((e) => e !== old) ?? [];
      if (rest.length) table.set(key, rest);
      else table.delete(key);
      byUuid.delete(uuid);
    }
    if (!doc) return;
    const snapshot = toSnapshot(doc, doc.config ?? {});
    // Opened on first use, once: the full rebuild would otherwise decrypt every notification's secrets every minute
    // (about 1.6 s of CPU for 100,000 here) for the few that deliver before the next one.
    const sealed = snapshot.config;
    let opened: Record<string, unknown> | undefined;
    Object.defineProperty(snapshot, 'config', {
      enumerable: true,
      get: () => (opened ??= this.secrets.open(sealed)),
    });
    snapshot.repository = pool.get(snapshot.repository);
    snapshot.event = pool.get(snapshot.event) as EventKind;
    snapshot.method = pool.get(snapshot.method);
    if (Object.keys(snapshot.event_config).length === 0) snapshot.event_config = NO_EVENT_CONFIG;
    const entry: Entry = { snapshot, failures: doc.number_of_failures ?? 0 };
    const lane = laneSettingsOf(doc);
    if (lane !== DEFAULT_LANE) entry.lane = lane;
    const key = keyOf(snapshot.repository, snapshot.event);
    const bucket = table.get(key);
    if (bucket) bucket.push(entry);
    else table.set(key, [entry]);
    byUuid.set(uuid, entry);
  }
}
