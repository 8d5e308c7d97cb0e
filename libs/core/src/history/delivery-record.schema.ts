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

/**
 * One step in the life of a delivery (an attempt, a cancellation, a redelivery request), never updated. Append-only
 * because an insert is cheap everywhere, while on FerretDB every update scans its collection; a delivery's state is the
 * newest of its records.
 */
@Schema({ collection: 'delivery_records', versionKey: false, minimize: false })
export class DeliveryRecord {
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

  /** The delivery's status after this step. */
  @Prop({ type: String, required: true })
  status!: DeliveryStatus;

  @Prop({ type: Date, required: true })
  at!: Date;

  @Prop({ type: Object, default: null })
  attempt!: AttemptRecord | null;

  @Prop({ type: Date, default: null })
  next_attempt_at!: Date | null;
}

export const DeliveryRecordSchema = SchemaFactory.createForClass(DeliveryRecord);
DeliveryRecordSchema.index({ notification_uuid: 1, at: -1 });
DeliveryRecordSchema.index({ delivery_id: 1 });
// The retention job's range delete.
DeliveryRecordSchema.index({ at: 1 });

/** Deliveries that got through, keyed by delivery id: the duplicate check on a redelivered message is one _id read. */
@Schema({ collection: 'delivered_ids', versionKey: false })
export class DeliveredId {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Date, required: true })
  at!: Date;
}

export const DeliveredIdSchema = SchemaFactory.createForClass(DeliveredId);
DeliveredIdSchema.index({ at: 1 });
