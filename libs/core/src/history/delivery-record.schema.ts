import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface AttemptRecord {
  attempt: number;
  at: Date;
  duration_ms: number;
  outcome: 'delivered' | 'retry' | 'failed';
  http_status: number | null;
  /** Truncated and with the notification's secrets masked. */
  response_body: string | null;
  error: string | null;
  /** e.g. http_5xx, http_4xx, timeout, network, exception. */
  error_class: string | null;
}

/** One delivery of one event to one notification, with every attempt; unique on (event id, notification uuid). */
@Schema({ collection: 'deliveries', versionKey: false, minimize: false })
export class DeliveryRecord {
  /** The delivery id: every write on the delivery path finds its record by _id, the one look-up FerretDB indexes. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  delivery_id!: string;

  @Prop({ type: String, required: true })
  notification_uuid!: string;

  @Prop({ type: String, required: true })
  repository!: string;

  @Prop({ type: String, required: true })
  event!: string;

  @Prop({ type: String, required: true })
  method!: string;

  @Prop({ type: String, required: true })
  event_id!: string;

  @Prop({ type: Boolean, default: false })
  test!: boolean;

  /** Kept for redelivery. */
  @Prop({ type: Object, required: true })
  payload!: Record<string, unknown>;

  @Prop({ type: String, required: true })
  status!: DeliveryStatus;

  @Prop({ type: Number, default: 0 })
  attempt_count!: number;

  @Prop({ type: [Object], default: [] })
  attempts!: AttemptRecord[];

  @Prop({ type: Date, default: null })
  next_attempt_at!: Date | null;

  @Prop({ type: Date, required: true })
  created_at!: Date;

  @Prop({ type: Date, required: true })
  updated_at!: Date;
}

export const DeliveryRecordSchema = SchemaFactory.createForClass(DeliveryRecord);
DeliveryRecordSchema.index({ notification_uuid: 1, created_at: -1 });
// The retention job's range delete.
DeliveryRecordSchema.index({ created_at: 1 });
