import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { EVENT_CATALOGUE, isEventKind } from '@herald/events';
import {
  eventMessage,
  IN_APP_TARGET_KINDS,
  InAppInbox,
  InAppNotice,
  InboxRefusedError,
  payloadJson,
} from '@herald/plugin-sdk';
import { INBOX_CREATED_SUBJECT, NatsClient } from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { NotFoundError } from '../errors/domain.errors';
import { startPeriodicJob } from '../persistence/periodic-job';
import type { Actor } from '../permissions/actor';
import { createIndexesWhereTheyServe } from '../persistence/secondary-indexes';
import { InboxDeliveryClaim, InboxDismissal, InboxItem } from './inbox-item.schema';
import { InboxItemView, InboxPage, toInboxView, visibleFilter } from './inbox-item.view';

const DUPLICATE_KEY = 11000;
const DAY = 24 * 3_600_000;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** The most a Last-Event-ID replay sends: a client away for longer reloads the list. */
export const MAX_REPLAY = 500;

const isDuplicate = (err: unknown) => (err as { code?: number })?.code === DUPLICATE_KEY;

/** A notice the host itself writes (notification_disabled): its summary and link are made by the writer. */
export interface HostNotice extends InAppNotice {
  summary: string;
  link: string | null;
}

/**
 * The notification area: stores in-app notifications once per delivery, answers each user's list with their own and
 * their teams' and organizations' ones, keeps dismissals per user, and announces each new item on core NATS for every
 * instance's stream hub. It is what plugins get as IN_APP_INBOX.
 */
@Injectable()
export class InboxStore implements InAppInbox, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxStore.name);
  private stopRetention?: () => void;

  constructor(
    @InjectModel(InboxItem.name) private readonly items: Model<InboxItem>,
    @InjectModel(InboxDismissal.name) private readonly dismissals: Model<InboxDismissal>,
    @InjectModel(InboxDeliveryClaim.name) private readonly claims: Model<InboxDeliveryClaim>,
    private readonly nats: NatsClient,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {}

  onModuleInit(): Promise<void> {
    return createIndexesWhereTheyServe([this.items, this.dismissals], this.logger, 'notification area');
  }

  onApplicationBootstrap(): void {
    const run = () =>
      void this.purgeExpired().catch((e) => this.logger.error(`notification area retention failed: ${e}`));
    this.stopRetention = startPeriodicJob(run, this.settings.historyPurgeIntervalMs);
  }

  onModuleDestroy(): void {
    this.stopRetention?.();
  }

  /**
   * Deletes what is older than HERALD_INBOX_RETENTION_DAYS. Items and dismissals by `_id` range (an ObjectId, and a
   * string that starts with one: both sort by time), the one range every MongoDB-wire server serves from an index.
   */
  async purgeExpired(now = Date.now()): Promise<number> {
    const cutoff = Types.ObjectId.createFromTime(Math.floor((now - this.settings.inboxRetentionDays * DAY) / 1000));
    const res = await this.items.deleteMany({ _id: { $lt: cutoff } });
    await this.dismissals.deleteMany({ _id: { $lt: cutoff.toHexString() } });
    await this.claims.deleteMany({ item_id: { $lt: cutoff } });
    if (res.deletedCount) this.logger.log(`notification area retention: ${res.deletedCount} notifications deleted`);
    return res.deletedCount;
  }

  /** An event for a quay_notification target: its summary from the catalogue, its link the event's homepage. */
  store(notice: InAppNotice): Promise<{ id: string; created: boolean }> {
    const kind = notice.kind;
    const summary = isEventKind(kind)
      ? EVENT_CATALOGUE[kind].summary(notice.metadata)
      : `${kind} in ${notice.repository}`;
    const link = isEventKind(kind) ? (eventMessage(kind, notice.metadata).link ?? null) : null;
    return this.storeNotice({ ...notice, summary, link });
  }

  async storeNotice(notice: HostNotice): Promise<{ id: string; created: boolean }> {
    const { target } = notice;
    if (!IN_APP_TARGET_KINDS.includes(target?.kind) || typeof target.name !== 'string' || !target.name) {
      throw new InboxRefusedError(`not a notification target: ${JSON.stringify(target)}`);
    }
    // Claim the delivery first: a second store of it (a retry, a redelivery, a crash before the item was written)
    // reuses the claimed item id, and the item's own _id makes its insert happen at most once.
    let itemId = new Types.ObjectId();
    try {
      await this.claims.create({ _id: notice.deliveryId, item_id: itemId });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const claim = await this.claims.findById(notice.deliveryId).lean();
      if (!claim) throw err;
      itemId = claim.item_id;
      if (await this.items.exists({ _id: itemId })) return { id: itemId.toHexString(), created: false };
    }
    const item: InboxItem = {
      _id: itemId,
      target_kind: target.kind,
      target_name: target.name,
      kind: notice.kind,
      metadata_json: payloadJson(notice.metadata),
      summary: notice.summary,
      link: notice.link,
      repository: notice.repository,
      notification_uuid: notice.notificationUuid,
      delivery_id: notice.deliveryId,
      created: new Date(),
    };
    try {
      await this.items.create(item);
    } catch (err) {
      if (isDuplicate(err)) return { id: itemId.toHexString(), created: false };
      throw err;
    }
    // Core NATS, fire and forget: a hub that misses it (a client between connections) replays from the database.
    this.nats.nc.publish(INBOX_CREATED_SUBJECT, Buffer.from(JSON.stringify(toInboxView(item, false))));
    return { id: itemId.toHexString(), created: true };
  }

  /** The actor's page of notifications, newest first. */
  async list(actor: Actor, page: number, limit: number): Promise<InboxPage> {
    const visible = visibleFilter(actor);
    const found = await this.items
      .find(visible)
      .sort({ _id: -1 })
      .skip((page - 1) * limit)
      .limit(limit + 1)
      .lean<InboxItem[]>();
    const [views, total, dismissed] = await Promise.all([
      this.withDismissals(actor, found.slice(0, limit)),
      this.items.countDocuments(visible),
      this.dismissals.countDocuments({ user: actor.id, ...visible }),
    ]);
    return { notifications: views, page, has_additional: found.length > limit, unread: Math.max(0, total - dismissed) };
  }

  /** What the actor sees created after `afterId`, oldest first: the stream's Last-Event-ID replay. */
  async since(actor: Actor, afterId: string, limit = MAX_REPLAY): Promise<InboxItemView[]> {
    // Not an id of ours (a client's own, a stale format): nothing to replay after it.
    if (!OBJECT_ID.test(afterId)) return [];
    const found = await this.items
      .find({ $and: [visibleFilter(actor), { _id: { $gt: new Types.ObjectId(afterId) } }] })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<InboxItem[]>();
    return this.withDismissals(actor, found);
  }

  /** Dismisses or restores one item for the actor; an item they cannot see is not found. */
  async setDismissed(actor: Actor, id: string, dismissed: boolean): Promise<InboxItemView> {
    const item = OBJECT_ID.test(id)
      ? await this.items.findOne({ $and: [{ _id: new Types.ObjectId(id) }, visibleFilter(actor)] }).lean<InboxItem>()
      : null;
    if (!item) throw new NotFoundError(`no notification ${id} for ${actor.id}`);
    const key = dismissalKey(item._id, actor.id);
    if (dismissed) {
      await this.dismissals.create(this.dismissal(item, actor.id)).catch((err: unknown) => {
        if (!isDuplicate(err)) throw err;
      });
    } else {
      await this.dismissals.deleteOne({ _id: key });
    }
    return toInboxView(item, dismissed);
  }

  /** Dismisses every undismissed item the actor sees; returns how many. */
  async dismissAll(actor: Actor): Promise<number> {
    const visible = visibleFilter(actor);
    const [all, done] = await Promise.all([
      this.items.find(visible, { _id: 1, target_kind: 1, target_name: 1 }).lean<InboxItem[]>(),
      this.dismissals.find({ user: actor.id, ...visible }, { _id: 1 }).lean<{ _id: string }[]>(),
    ]);
    const already = new Set(done.map((d) => d._id));
    const fresh = all
      .filter((i) => !already.has(dismissalKey(i._id, actor.id)))
      .map((i) => this.dismissal(i, actor.id));
    if (!fresh.length) return 0;
    try {
      await this.dismissals.insertMany(fresh, { ordered: false });
    } catch (err) {
      // A concurrent dismissal of the same item: it is dismissed either way.
      if (!isDuplicate(err)) throw err;
    }
    return fresh.length;
  }

  private dismissal(item: Pick<InboxItem, '_id' | 'target_kind' | 'target_name'>, user: string): InboxDismissal {
    return {
      _id: dismissalKey(item._id, user),
      item_id: item._id,
      user,
      target_kind: item.target_kind,
      target_name: item.target_name,
      at: new Date(),
    };
  }

  private async withDismissals(actor: Actor, items: InboxItem[]): Promise<InboxItemView[]> {
    if (!items.length) return [];
    const keys = items.map((i) => dismissalKey(i._id, actor.id));
    // By _id: the one look-up every MongoDB-wire server answers from an index.
    const done = await this.dismissals.find({ _id: { $in: keys } }, { _id: 1 }).lean<{ _id: string }[]>();
    const dismissed = new Set(done.map((d) => d._id));
    return items.map((i) => toInboxView(i, dismissed.has(dismissalKey(i._id, actor.id))));
  }
}

export function dismissalKey(itemId: Types.ObjectId, user: string): string {
  return `${itemId.toHexString()}:${user}`;
}
