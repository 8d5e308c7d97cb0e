import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { payloadJson } from '@herald/plugin-sdk';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import { AttemptRecord, DeliveryRecord, DeliveryStatus, RecordDetail } from './delivery-record.schema';
import { DeliverySummary, DeliveryView, summarize, summarizeAll } from './delivery-summary';
import { chunksUnder, MAX_COMMAND_BYTES } from './insert-chunks';
import { WriteBatcher } from './write-batcher';
import { createIndexesWhereTheyServe } from '../persistence/secondary-indexes';
import { startPeriodicJob } from '../persistence/periodic-job';

export type { DeliveryView } from './delivery-summary';

export interface AttemptResult {
  message: DeliveryMessage;
  status: DeliveryStatus;
  attempt?: AttemptRecord;
  nextAttemptAt?: Date | null;
}

/**
 * Starts of delivery messages that may repeat a crashed one, by chain and attempt: JetStream's own delivery count also
 * counts the times a busy notification handed a message back unstarted (and nats-server 2.9 was seen resetting it), so
 * it cannot tell a message that keeps crashing Herald.
 */
const STARTS_COLLECTION = 'delivery_starts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DUPLICATE_KEY = 11000;
/** Outcomes of an attempt other than success, each kept under `<chain>#<attempt>:<status>` (see write()). */
const CONCLUDED_OTHERWISE: DeliveryStatus[] = ['retrying', 'failed', 'cancelled'];

/** Every delivery and its attempts in MongoDB, written in batches, kept for the configured number of days. */
@Injectable()
export class DeliveryHistory implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryHistory.name);
  private readonly batcher = new WriteBatcher<AttemptResult>((items) => this.write(items));
  private stopRetention?: () => void;

  constructor(
    @InjectModel(DeliveryRecord.name) private readonly records: Model<DeliveryRecord>,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {}

  onModuleInit(): Promise<void> {
    return createIndexesWhereTheyServe([this.records], this.logger, 'delivery history');
  }

  onApplicationBootstrap(): void {
    // Every instance runs it; the deletes are idempotent, so that costs nothing but a query (on FerretDB, a scan of the
    // collection).
    const run = () => void this.purgeExpired().catch((e) => this.logger.error(`history retention failed: ${e}`));
    this.stopRetention = startPeriodicJob(run, this.settings.historyPurgeIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopRetention?.();
    await this.batcher.drain();
  }

  record(result: AttemptResult): Promise<void> {
    return this.batcher.add(result);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.settings.historyRetentionDays * DAY);
    const res = await this.records.deleteMany({ at: { $lt: cutoff } }).exec();
    await this.records.db.collection(STARTS_COLLECTION).deleteMany({ at: { $lt: cutoff } });
    if (res.deletedCount)
      this.logger.log(`deleted ${res.deletedCount} delivery records older than ${cutoff.toISOString()}`);
    return res.deletedCount;
  }

  /** Whether a chain of attempts already got through: one _id read (see `write`). */
  async wasDelivered(chain: string): Promise<boolean> {
    await this.batcher.drain();
    // The driver's collection: the model would cast the string _id to an ObjectId.
    return !!(await this.records.collection.findOne({ _id: chain as never }, { projection: { _id: 1 } }));
  }

  /**
   * Whether any attempt of this chain has concluded on record, from the records' keys (the chain's success, its first
   * attempt's other outcomes): four reads by `_id` at once. A strict lane asks it of every redelivered head after a
   * failover, where it asked for the delivery's history by delivery id before. FerretDB 1.24 answers an `_id` hit from
   * its key but scans on a miss, so this costs about a third of that query: 46-54 ms against 126-142 ms per head with
   * 3,000 records, 292 ms against 889 ms with 20,000 (an `$in` over the four keys costs as much as the query).
   */
  async chainConcluded(chain: string): Promise<boolean> {
    await this.batcher.drain();
    const ids = [chain, ...CONCLUDED_OTHERWISE.map((status) => `${chain}#1:${status}`)];
    const found = await Promise.all(
      ids.map((id) => this.records.collection.findOne({ _id: id as never }, { projection: { _id: 1 } })),
    );
    return found.some(Boolean);
  }

  /**
   * Counts one more start of an attempt and returns how many there were: an attempt started again and again without
   * being concluded is crashing or hanging the process.
   */
  async noteStart(m: DeliveryMessage): Promise<number> {
    const res = await this.records.db
      .collection<{ _id: string; starts: number; at: Date }>(STARTS_COLLECTION)
      .findOneAndUpdate(
        { _id: `${m.chain}#${m.attempt}` },
        { $inc: { starts: 1 }, $set: { at: new Date() } },
        { upsert: true, returnDocument: 'after' },
      );
    return res?.starts ?? 1;
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
    const docs = items.map(({ message: m, status, attempt, nextAttemptAt }, i) => {
      const detail: Omit<RecordDetail, 'payload'> = {
        event: m.event,
        event_id: m.eventId,
        repository: m.notification.repository,
        method: m.notification.method,
        test: m.test,
      };
      if (nextAttemptAt) detail.next_attempt_at = nextAttemptAt.toISOString();
      const doc: Record<string, unknown> = {
        delivery_id: m.deliveryId,
        notification_uuid: m.notification.uuid,
        status,
        // Records of one batch keep their order even within one millisecond.
        at: attempt ? attempt.at : new Date(now + i / 1000),
      };
      // Every record's id says what it is, so writing a batch again after a failure stores nothing twice. A chain
      // succeeds at most once, so its success is keyed by the chain alone: the duplicate check on a redelivered
      // message is one _id read, answered from the primary key (on FerretDB 1.24 only when found: a miss scans).
      doc._id = status === 'delivered' ? m.chain : `${m.chain}#${m.attempt}:${status}`;
      if (attempt) {
        doc.attempt = attempt.attempt;
        if (attempt.http_status !== null) doc.http_status = attempt.http_status;
        detail.duration_ms = attempt.duration_ms;
        detail.outcome = attempt.outcome;
        if (attempt.response_body !== null) detail.response_body = attempt.response_body;
        if (attempt.error !== null) detail.error = attempt.error;
        if (attempt.error_class !== null) detail.error_class = attempt.error_class;
      }
      doc.detail = `{"payload":${payloadJson(m.payload)},${JSON.stringify(detail).slice(1)}`;
      return doc;
    });
    // Insert commands of their own: the records are built here, so neither Mongoose's per-document path nor the
    // driver's bulk machinery has anything to add. A duplicate key is a record already written (a batch written again,
    // a message redelivered before its record was stored): the same fact, so it is fine.
    const real: { code?: number; errmsg?: string }[] = [];
    for (const documents of chunksUnder(docs, MAX_COMMAND_BYTES)) {
      const res = await this.records.db.db!.command({
        insert: this.records.collection.collectionName,
        documents,
        ordered: false,
      });
      for (const e of (res.writeErrors ?? []) as { code?: number; errmsg?: string }[]) {
        if (e.code !== DUPLICATE_KEY) real.push(e);
      }
    }
    if (real.length) throw new Error(`history insert failed for ${real.length} record(s): ${real[0].errmsg}`);
  }
}
