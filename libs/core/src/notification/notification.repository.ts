import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Notification } from './notification.schema';

@Injectable()
export class NotificationRepository {
  constructor(@InjectModel(Notification.name) private readonly model: Model<Notification>) {}

  /** Notifications of a repository for one event kind, as plain objects. */
  async findFor(repository: string, event: string): Promise<Notification[]> {
    return this.model.find({ repository, event }).lean<Notification[]>().exec();
  }
}
