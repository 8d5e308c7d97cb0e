import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AnyBulkWriteOperation, Model } from 'mongoose';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import { AttemptRecord, DeliveryRecord, DeliveryStatus } from './delivery-record.schema';
import { WriteBatcher } from './write-batcher';

export interface AttemptResult {
  message: DeliveryMessage;
  status: DeliveryStatus;
  attempt?: AttemptRecord;
  nextAttemptAt?: Date | null;
}

export interface DeliveryView {
  delivery_id: string;
  notification_uuid: string;
  event: string;
  event_id: string;
  test: boolean;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  attempts?: (Omit<AttemptRecord, 'at'> & { at: string })[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toDeliveryView(r: DeliveryRecord, withAttempts: boolean): DeliveryView {
  return {
    delivery_id: r.delivery_id,
    notification_uuid: r.notification_uuid,
    event: r.event,
    event_id: r.event_id,
    test: r.test,
    status: r.status,
    attempt_count: r.attempt_count,
    next_attempt_at: iso(r.next_attempt_at),
    created_at: iso(r.created_at) as string,
    updated_at: iso(r.updated_at) as string,
    ...(withAttempts ? { attempts: r.attempts.map((a) => ({ ...a, at: iso(a.at) as string })) } : {}),
  };
}

/** Every delivery and its attempts in MongoDB, written in batches, kept for the configured number of days. */
@Injectable()
export class DeliveryHistory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryHistory.name);
  private readonly batcher = new WriteBatcher<AttemptResult>((items) => this.write(items));
  private retentionTimer?: NodeJS.Timeout;

  constructor(
    @InjectModel(DeliveryRecord.name) private readonly model: Model<DeliveryRecord>,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {}

  onApplicationBootstrap(): void {
    // Every instance runs it; the deletes are idempotent, so that costs nothing but a query.
    const run = () => void this.purgeExpired().catch((e) => this.logger.error(`history retention failed: ${e}`));
    this.retentionTimer = setInterval(run, HOUR);
    this.retentionTimer.unref();
    setTimeout(run, 5000).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.batcher.drain();
  }

  record(result: AttemptResult): Promise<void> {
    return this.batcher.add(result);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.settings.historyRetentionDays * DAY);
    const res = await this.model.deleteMany({ created_at: { $lt: cutoff } }).exec();
    if (res.deletedCount) this.logger.log(`deleted ${res.deletedCount} deliveries older than ${cutoff.toISOString()}`);
    return res.deletedCount;
  }

  async wasDelivered(deliveryId: string): Promise<boolean> {
    await this.batcher.drain();
    return !!(await this.model.exists({ _id: deliveryId, status: 'delivered' }).exec());
  }

  async get(notificationUuid: string, deliveryId: string): Promise<DeliveryRecord | null> {
    await this.batcher.drain();
    return this.model.findOne({ _id: deliveryId, notification_uuid: notificationUuid }).lean<DeliveryRecord>().exec();
  }

  /** Newest first; page with `before` = the created_at of the last one seen. */
  async list(
    notificationUuid: string,
    opts: { status?: DeliveryStatus; limit: number; before?: Date },
  ): Promise<DeliveryRecord[]> {
    await this.batcher.drain();
    const filter: Record<string, unknown> = { notification_uuid: notificationUuid };
    if (opts.status) filter.status = opts.status;
    if (opts.before) filter.created_at = { $lt: opts.before };
    return this.model
      .find(filter, { attempts: 0, payload: 0 })
      .sort({ created_at: -1 })
      .limit(opts.limit)
      .lean<DeliveryRecord[]>()
      .exec();
  }

  async failedSince(notificationUuid: string, since: Date, limit: number): Promise<DeliveryRecord[]> {
    await this.batcher.drain();
    return this.model
      .find({ notification_uuid: notificationUuid, status: 'failed', updated_at: { $gte: since } })
      .sort({ created_at: 1 })
      .limit(limit)
      .lean<DeliveryRecord[]>()
      .exec();
  }

  private async write(items: AttemptResult[]): Promise<void> {
    const ops: AnyBulkWriteOperation<DeliveryRecord>[] = items.map(({ message: m, status, attempt, nextAttemptAt }) => {
      const now = new Date();
      const set: Record<string, unknown> = { status, updated_at: now, next_attempt_at: nextAttemptAt ?? null };
      if (attempt) set.attempt_count = attempt.attempt;
      return {
        updateOne: {
          filter: { _id: m.deliveryId },
          update: {
            $setOnInsert: {
              _id: m.deliveryId,
              delivery_id: m.deliveryId,
              notification_uuid: m.notification.uuid,
              repository: m.notification.repository,
              event: m.event,
              method: m.notification.method,
              event_id: m.eventId,
              test: m.test,
              payload: m.payload,
              created_at: now,
            },
            $set: set,
            ...(attempt ? { $push: { attempts: attempt } } : {}),
          },
          upsert: true,
        },
      };
    });
    await this.model.bulkWrite(ops, { ordered: true });
  }
}
