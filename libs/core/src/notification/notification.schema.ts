import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import type { LaneOrdering, RateLimit } from '../lanes/lane-settings';

/** A repository notification, with Quay's field names so stored documents read like its API objects. */
@Schema({
  collection: 'notifications',
  versionKey: false,
  minimize: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class Notification {
  /** The uuid again: MongoDB-wire servers without secondary-index pushdown (FerretDB) find by _id fast. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  uuid!: string;

  /** "namespace/name" */
  @Prop({ required: true })
  repository!: string;

  @Prop({ required: true })
  namespace!: string;

  @Prop({ required: true })
  event!: string;

  @Prop({ required: true })
  method!: string;

  @Prop({ type: Object, default: {} })
  config!: Record<string, unknown>;

  @Prop({ type: Object, default: {} })
  event_config!: Record<string, unknown>;

  @Prop({ type: String, default: null })
  title!: string | null;

  @Prop({ default: 0 })
  number_of_failures!: number;

  /** The actor id of whoever created it: told in their notification area when failures disable it. */
  @Prop({ type: String })
  created_by?: string;

  /** Lane settings (see lanes/lane-settings.ts); absent on documents from before lanes, which run strict. */
  @Prop({ type: String })
  ordering?: LaneOrdering;

  @Prop({ type: Number })
  max_in_flight?: number;

  @Prop({ type: Object, default: null })
  rate_limit?: RateLimit | null;

  created_at!: Date;
  updated_at!: Date;
}

export type NotificationDocument = HydratedDocument<Notification>;
export const NotificationSchema = SchemaFactory.createForClass(Notification);
// The dispatcher's look-up for every event.
NotificationSchema.index({ repository: 1, event: 1 });
