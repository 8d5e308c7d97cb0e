import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NotFoundError } from '../errors/domain.errors';
import { Notification } from './notification.schema';

export type NewNotification = Omit<Notification, '_id' | 'number_of_failures' | 'created_at' | 'updated_at'>;

@Injectable()
export class NotificationRepository {
  constructor(@InjectModel(Notification.name) private readonly model: Model<Notification>) {}

  async create(n: NewNotification): Promise<Notification> {
    const doc = await this.model.create({ ...n, _id: n.uuid, number_of_failures: 0 });
    return doc.toObject();
  }

  /** Scoped to the repository: a uuid of another repository is not found. */
  async findOne(repository: string, uuid: string): Promise<Notification | null> {
    return this.model.findOne({ _id: uuid, repository }).lean<Notification>().exec();
  }

  async getOrThrow(repository: string, uuid: string): Promise<Notification> {
    const found = await this.findOne(repository, uuid);
    if (!found) throw new NotFoundError(`notification ${uuid} not found in repository ${repository}`);
    return found;
  }

  async findByUuid(uuid: string): Promise<Notification | null> {
    return this.model.findOne({ _id: uuid }).lean<Notification>().exec();
  }

  async countIn(repository: string): Promise<number> {
    return this.model.countDocuments({ repository }).exec();
  }

  async list(repository: string): Promise<Notification[]> {
    return this.model.find({ repository }).sort({ created_at: 1 }).lean<Notification[]>().exec();
  }

  async delete(repository: string, uuid: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: uuid, repository }).exec();
    return res.deletedCount === 1;
  }

  async resetFailures(repository: string, uuid: string): Promise<Notification | null> {
    return this.model
      .findOneAndUpdate({ _id: uuid, repository }, { $set: { number_of_failures: 0 } }, { new: true })
      .lean<Notification>()
      .exec();
  }

  /** Single-document atomic update, so concurrent failures on several instances all count. */
  async incrementFailures(uuid: string): Promise<Notification | null> {
    return this.model
      .findOneAndUpdate({ _id: uuid }, { $inc: { number_of_failures: 1 } }, { new: true })
      .lean<Notification>()
      .exec();
  }

  /** Clears failures after a success; false when there were none (or the notification is gone). */
  async clearFailures(uuid: string): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: uuid, number_of_failures: { $gt: 0 } },
      { $set: { number_of_failures: 0 } },
    );
    return res.modifiedCount === 1;
  }

  /** Replaces the stored config (re-sealed secrets): the same settings, so nothing else changes. */
  async replaceConfig(uuid: string, config: Record<string, unknown>): Promise<void> {
    await this.model.updateOne({ _id: uuid }, { $set: { config } }).exec();
  }

  /**
   * Every notification in batches, from one streaming query (a sorted, paged read would rescan per page), less the
   * `omit` fields. The next batch is asked for before this one is handed out, so the server reads it while the caller
   * works on this one: on FerretDB the scan is most of the boot at 100,000 notifications, and without the overlap the
   * caller's work added to it instead of hiding under it.
   */
  async *all(opts: { batchSize?: number; omit?: (keyof Notification)[] } = {}): AsyncGenerator<Notification[]> {
    const projection = opts.omit?.length ? Object.fromEntries(opts.omit.map((f) => [f, 0])) : undefined;
    const cursor = this.model.collection.find({}, { batchSize: opts.batchSize ?? 5000, projection });
    try {
      let more = cursor.hasNext();
      while (await more) {
        const batch = cursor.readBufferedDocuments() as unknown as Notification[];
        more = cursor.hasNext();
        // One turn of the event loop, so the request for the next batch is on the wire before the caller's work.
        await new Promise<void>((resolve) => setImmediate(resolve));
        yield batch;
      }
    } finally {
      await cursor.close();
    }
  }
}
