import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt, as the API shows it. */
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
 * newest of its records. Flat, with the payload as a JSON string: every nested document costs FerretDB about as much
 * again per insert, and the history is written once per delivery.
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

  /** The event payload as JSON, kept for redelivery. */
  @Prop({ type: String, required: true })
  payload!: string;

  /** The delivery's status after this step. */
  @Prop({ type: String, required: true })
  status!: DeliveryStatus;

  /** When the step happened (an attempt: when it started). */
  @Prop({ type: Date, required: true })
  at!: Date;

  /** The attempt's number; absent on steps that are not attempts. The fields below are absent with it. */
  @Prop({ type: Number })
  attempt?: number;

  @Prop({ type: Number })
  duration_ms?: number;

  @Prop({ type: String })
  outcome?: AttemptRecord['outcome'];

  @Prop({ type: Number })
  http_status?: number;

  @Prop({ type: String })
  response_body?: string;

  @Prop({ type: String })
  error?: string;

  @Prop({ type: String })
  error_class?: string;

  @Prop({ type: Date })
  next_attempt_at?: Date;
}

export const DeliveryRecordSchema = SchemaFactory.createForClass(DeliveryRecord);
DeliveryRecordSchema.index({ notification_uuid: 1, at: -1 });
DeliveryRecordSchema.index({ delivery_id: 1 });
// The retention job's range delete.
DeliveryRecordSchema.index({ at: 1 });

/** The record's attempt, if it is one. */
export function attemptOf(r: DeliveryRecord): AttemptRecord | undefined {
  if (typeof r.attempt !== 'number') return undefined;
  return {
    attempt: r.attempt,
    at: r.at,
    duration_ms: r.duration_ms ?? 0,
    outcome: r.outcome ?? 'failed',
    http_status: r.http_status ?? null,
    response_body: r.response_body ?? null,
    error: r.error ?? null,
    error_class: r.error_class ?? null,
  };
}
