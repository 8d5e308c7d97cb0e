import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import { AttemptRecord, DeliveredId, DeliveryRecord, DeliveryStatus } from './delivery-record.schema';
import { DeliverySummary, DeliveryView, summarize, summarizeAll } from './delivery-summary';
import { WriteBatcher } from './write-batcher';

export type { DeliveryView } from './delivery-summary';

export interface AttemptResult {
  message: DeliveryMessage;
  status: DeliveryStatus;
  attempt?: AttemptRecord;
  nextAttemptAt?: Date | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DUPLICATE_KEY = 11000;

function isOnlyDuplicates(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  if (e?.writeErrors?.length) return e.writeErrors.every((w) => w.code === DUPLICATE_KEY);
  return e?.code === DUPLICATE_KEY;
}

/** Every delivery and its attempts in MongoDB, written in batches, kept for the configured number of days. */
@Injectable()
export class DeliveryHistory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryHistory.name);
  private readonly batcher = new WriteBatcher<AttemptResult>((items) => this.write(items));
  private retentionTimer?: NodeJS.Timeout;

  constructor(
    @InjectModel(DeliveryRecord.name) private readonly records: Model<DeliveryRecord>,
    @InjectModel(DeliveredId.name) private readonly delivered: Model<DeliveredId>,
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
    const res = await this.records.deleteMany({ at: { $lt: cutoff } }).exec();
    await this.delivered.deleteMany({ at: { $lt: cutoff } }).exec();
    if (res.deletedCount)
      this.logger.log(`deleted ${res.deletedCount} delivery records older than ${cutoff.toISOString()}`);
    return res.deletedCount;
  }

  async wasDelivered(deliveryId: string): Promise<boolean> {
    await this.batcher.drain();
    return !!(await this.delivered.findById(deliveryId).lean().exec());
  }

  async get(notificationUuid: string, deliveryId: string): Promise<DeliverySummary | undefined> {
    await this.batcher.drain();
    const records = await this.records
      .find({ delivery_id: deliveryId, notification_uuid: notificationUuid })
      .lean<DeliveryRecord[]>()
      .exec();
    return records.length ? summarize(records) : undefined;
  }

  /** Newest first; page with `before` = the created_at of the last one seen. */
  async list(
    notificationUuid: string,
    opts: { status?: DeliveryStatus; limit: number; before?: Date },
  ): Promise<DeliveryView[]> {
    const all = await this.summaries(notificationUuid);
    return all
      .filter((s) => !opts.status || s.view.status === opts.status)
      .filter((s) => !opts.before || new Date(s.view.created_at) < opts.before)
      .slice(0, opts.limit)
      .map((s) => ({ ...s.view, attempts: undefined }));
  }

  async failedSince(notificationUuid: string, since: Date, limit: number): Promise<DeliverySummary[]> {
    const all = await this.summaries(notificationUuid);
    return all
      .filter((s) => s.view.status === 'failed' && new Date(s.view.updated_at) >= since)
      .reverse()
      .slice(0, limit);
  }

  private async summaries(notificationUuid: string): Promise<DeliverySummary[]> {
    await this.batcher.drain();
    const records = await this.records.find({ notification_uuid: notificationUuid }).lean<DeliveryRecord[]>().exec();
    return summarizeAll(records);
  }

  private async write(items: AttemptResult[]): Promise<void> {
    const now = Date.now();
    const docs = items.map(({ message: m, status, attempt, nextAttemptAt }, i) => ({
      delivery_id: m.deliveryId,
      notification_uuid: m.notification.uuid,
      repository: m.notification.repository,
      event: m.event,
      method: m.notification.method,
      event_id: m.eventId,
      test: m.test,
      payload: m.payload,
      status,
      // Records of one batch keep their order even within one millisecond.
      at: attempt ? attempt.at : new Date(now + i / 1000),
      attempt: attempt ?? null,
      next_attempt_at: nextAttemptAt ?? null,
    }));
    await this.records.insertMany(docs, { ordered: false, lean: true });
    const ok = items
      .filter((i) => i.status === 'delivered')
      .map((i) => ({ _id: i.message.deliveryId, at: new Date(now) }));
    if (ok.length) {
      // A forced redelivery succeeds again: its id is already there, which is fine.
      await this.delivered.insertMany(ok, { ordered: false, lean: true }).catch((err: unknown) => {
        if (!isOnlyDuplicates(err)) throw err;
      });
    }
  }
}
