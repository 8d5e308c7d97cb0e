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
import {
  isDocument,
  isReread,
  isTrailer,
  judgeHeader,
  judgeTrailer,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
} from './index-snapshot.format';
import { IndexSnapshotStore, SnapshotWriter } from './index-snapshot.store';
import { planResync, ResyncStep, StreamPosition } from './resync-plan';

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

/** Fields routing never reads: they stay in the database, less for FerretDB to encode and for us to decode. */
const OMIT: (keyof Notification)[] = ['created_at', 'updated_at', 'namespace'];

/** Where the index came from at boot, for /health. */
export interface IndexOrigin {
  source: 'snapshot' | 'scan';
  /** Why not from the snapshot (none stored, stale, corrupt, switched off). */
  reason?: string;
  /** The boot's load, catch-up included. */
  loadMs: number;
  /** When the rebuild that wrote the snapshot started (ISO time). */
  snapshotRebuiltAt?: string;
  /** Notifications re-read from the database on top of the snapshot (its catch-up). */
  reread?: number;
}

/** A snapshot that cannot stand in for the scan; its message is the reason logged. */
class SnapshotRefused extends Error {}

type Put = (uuid: string, doc: Notification | null) => void;

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
  private readonly snapshots: IndexSnapshotStore;
  private bootOrigin?: IndexOrigin;
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
    this.snapshots = new IndexSnapshotStore(nats);
  }

  /** Where the index came from at boot; undefined before it is ready. */
  get origin(): IndexOrigin | undefined {
    return this.bootOrigin;
  }

  get lastRebuild(): Date | undefined {
    return this.lastRebuildAt ? new Date(this.lastRebuildAt) : undefined;
  }

  get covered(): number | undefined {
    return this.coveredSeq;
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

  /** The first load; whoever needs the index first starts it, so boot order does not matter. */
  whenReady(): Promise<void> {
    this.initial ??= this.boot();
    return this.initial;
  }

  /** From the stored snapshot and the domain stream when they vouch for it, else the full scan (one line says why). */
  private async boot(): Promise<void> {
    const started = Date.now();
    let reason = 'switched off (HERALD_INDEX_SNAPSHOT=false)';
    if (this.settings.indexSnapshot) {
      try {
        const loaded = await this.loadSnapshot();
        if (typeof loaded !== 'string') {
          this.bootOrigin = { source: 'snapshot', loadMs: Date.now() - started, ...loaded };
          this.logger.log(
            `routing index loaded from the snapshot of ${loaded.snapshotRebuiltAt}: ${this.size} notification(s), ` +
              `${loaded.reread} re-read, in ${this.bootOrigin.loadMs} ms`,
          );
          return;
        }
        reason = loaded;
      } catch (e) {
        reason = e instanceof SnapshotRefused ? e.message : `unreadable: ${e instanceof Error ? e.message : String(e)}`;
      }
      this.logger.log(`routing index: not from the snapshot (${reason}), scanning the database`);
    }
    await this.rebuild();
    this.bootOrigin = { source: 'scan', reason, loadMs: Date.now() - started };
    this.logger.log(`routing index loaded: ${this.size} notification(s) in ${this.bootOrigin.loadMs} ms`);
  }

  /**
   * The stored snapshot through put(), then the domain stream's changes since it; a string says why it is not used.
   * Throws (SnapshotRefused or a read error) once reading has begun, leaving the index to the scan.
   */
  private async loadSnapshot(): Promise<{ snapshotRebuiltAt: string; reread: number } | string> {
    const lines = await this.snapshots.read();
    if (!lines) return 'none stored';
    const head = await lines.next();
    const limits = { rebuildEveryMs: this.settings.indexRebuildMs, maxCatchUp: MAX_CATCH_UP };
    const verdict = judgeHeader(head.value, await this.stream.position(), Date.now(), limits);
    if (!verdict.ok) {
      await lines.return();
      return verdict.reason;
    }
    const header = head.value as { coveredSeq: number; rebuiltAt: number };
    await this.fill(async (put) => {
      let count = 0;
      let trailer: unknown;
      const rereads: string[] = [];
      for await (const line of lines) {
        if (isTrailer(line)) {
          trailer = line;
          break;
        }
        count++;
        if (isReread(line)) rereads.push(line.$reread);
        else if (isDocument(line)) put((line as Notification).uuid, line as Notification);
        else throw new SnapshotRefused(`line ${count + 1} is no notification`);
      }
      const wrong = judgeTrailer(trailer, count, (id) => this.secrets.canOpen(id));
      if (wrong) throw new SnapshotRefused(wrong);
      for (const uuid of rereads) put(uuid, await this.notifications.findByUuid(uuid));
    });
    this.coveredSeq = header.coveredSeq;
    // Its rebuild's time, so the hourly rebuild keeps the cadence the writer began (never in the future: clocks differ),
    // less up to a tenth of the period at random: instances booted from one snapshot would otherwise rebuild, and
    // write their snapshots over each other, at the same moment every hour.
    const jitter = Math.random() * this.settings.indexRebuildMs * 0.1;
    this.lastRebuildAt = Math.min(header.rebuiltAt, Date.now()) - jitter;
    // The stream may have moved while the snapshot was read: plan again from where it stands now.
    const step = planResync(
      { coveredSeq: this.coveredSeq, stream: await this.stream.position(), sinceRebuildMs: 0 },
      { ...limits, rebuildEveryMs: Infinity },
    );
    if (step.kind === 'rebuild') throw new SnapshotRefused(step.reason);
    let reread = 0;
    if (step.kind === 'catch-up') reread = await this.catchUp(step.from, step.to);
    return { snapshotRebuiltAt: new Date(header.rebuiltAt).toISOString(), reread };
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
          await this.catchUp(step.from, step.to);
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

  /** Re-reads the notifications the domain stream's messages from..to name; returns how many. */
  private async catchUp(from: number, to: number): Promise<number> {
    const changed = await this.stream.changedBetween(from, to, changesIndex);
    if (changed.size > this.maxRereads) throw new Error(`${changed.size} notifications changed`);
    for (const uuid of changed) await this.refresh(uuid);
    this.coveredSeq = to;
    this.logger.debug(`routing index caught up on sequences ${from}..${to}: ${changed.size} re-read`);
    return changed.size;
  }

  /**
   * Reads every notification into a new table; changes seen meanwhile are replayed on it. What it read is stored as
   * the snapshot the next booting instance starts from.
   */
  async rebuild(): Promise<void> {
    // Taken before the read: every change from here on is either in what the read sees or caught up on later.
    const position = await this.stream.position();
    const started = Date.now();
    const writer = await this.snapshotWriter(position, started);
    const keyIds = new Set<string>();
    try {
      await this.fill(async (put) => {
        for await (const batch of this.notifications.all({ omit: OMIT })) {
          for (const n of batch) put(n.uuid, n);
          if (writer) await writer.add(batch.map((n) => this.forSnapshot(n, keyIds)));
        }
      });
    } catch (e) {
      writer?.abort(`rebuild failed: ${String(e)}`);
      throw e;
    }
    this.coveredSeq = position?.lastSeq;
    this.lastRebuildAt = started;
    if (writer) {
      void writer.finish({ $end: { count: writer.lines, keyIds: [...keyIds] } }).then(
        (bytes) => this.logger.log(`routing index snapshot stored: ${writer.lines} notification(s), ${bytes} bytes`),
        (e: unknown) => this.logger.warn(`routing index snapshot not stored: ${String(e)}`),
      );
    }
  }

  /** A new table filled by `load` through put(); changes seen meanwhile are replayed on it. Nothing changes on a throw. */
  private async fill(load: (put: Put) => Promise<void>): Promise<void> {
    this.changedDuringRebuild = new Set();
    const table: Table = new Map();
    const byUuid = new Map<string, Entry>();
    const pool = new StringPool();
    try {
      await load((uuid, doc) => this.put(table, byUuid, pool, uuid, doc));
      const replay = [...this.changedDuringRebuild];
      this.table = table;
      this.byUuid = byUuid;
      this.pool = pool;
      this.changedDuringRebuild = undefined;
      for (const uuid of replay) await this.refresh(uuid);
    } finally {
      this.changedDuringRebuild = undefined;
    }
  }

  /** A writer for this rebuild's snapshot; undefined when none is written (off, no stream position, or it failed). */
  private async snapshotWriter(
    position: StreamPosition | undefined,
    rebuiltAt: number,
  ): Promise<SnapshotWriter | undefined> {
    if (!this.settings.indexSnapshot || !position?.created) return undefined;
    const header = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      coveredSeq: position.lastSeq,
      rebuiltAt,
      domainStreamCreated: position.created,
    } as const;
    try {
      const writer = await this.snapshots.writer(header);
      if (typeof writer !== 'string') return writer;
      this.logger.debug(`routing index snapshot not stored: ${writer}`);
    } catch (e) {
      this.logger.warn(`routing index snapshot not stored: ${String(e)}`);
    }
    return undefined;
  }

  /**
   * The document as the snapshot holds it: as read, its config sealed as stored (a secret stored in clear is sealed
   * first, so none reaches NATS in clear); a marker to re-read it when its plugin is not loaded.
   */
  private forSnapshot(n: Notification, keyIds: Set<string>): unknown {
    const config = n.config ?? {};
    const sealed = this.secrets.sealedForTransit(n.method, config);
    if (!sealed) return { $reread: n.uuid };
    this.secrets.keyIdsOf(sealed, keyIds);
    return sealed === config ? n : { ...n, config: sealed };
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
