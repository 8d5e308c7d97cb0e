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

/** What a record holds besides the fields it is found by, stored as one JSON string (`detail`). */
export interface RecordDetail {
  event: string;
  event_id: string;
  repository: string;
  method: string;
  test: boolean;
  /** The event payload, kept for redelivery. */
  payload: Record<string, unknown>;
  next_attempt_at?: string;
  /** The attempt's fields, on records of attempts. */
  duration_ms?: number;
  outcome?: AttemptRecord['outcome'];
  response_body?: string;
  error?: string;
  error_class?: string;
}

/**
 * One step in the life of a delivery (an attempt, a cancellation, a redelivery request), never updated. Append-only
 * because an insert is cheap everywhere, while on FerretDB every update scans its collection; a delivery's state is the
 * newest of its records. Only what queries and admins filter on is a field of its own; the rest is one JSON string,
 * because FerretDB's cost per insert grows with every field and nested document (about 40 % less than one field each,
 * measured), and the history is written once per delivery.
 */
// Indexes are created by DeliveryHistory at boot, where they serve (not on FerretDB): see its onModuleInit.
@Schema({ collection: 'delivery_records', versionKey: false, minimize: false, autoIndex: false })
export class DeliveryRecord {
  @Prop({ type: String, required: true })
  delivery_id!: string;

  @Prop({ type: String, required: true })
  notification_uuid!: string;

  /** The delivery's status after this step. */
  @Prop({ type: String, required: true })
  status!: DeliveryStatus;

  /** When the step happened (an attempt: when it started). */
  @Prop({ type: Date, required: true })
  at!: Date;

  /** The attempt's number; absent on steps that are not attempts. */
  @Prop({ type: Number })
  attempt?: number;

  @Prop({ type: Number })
  http_status?: number;

  /** A RecordDetail as JSON. */
  @Prop({ type: String, required: true })
  detail!: string;
}

export const DeliveryRecordSchema = SchemaFactory.createForClass(DeliveryRecord);
DeliveryRecordSchema.index({ notification_uuid: 1, at: -1 });
DeliveryRecordSchema.index({ delivery_id: 1 });
// The retention job's range delete.
DeliveryRecordSchema.index({ at: 1 });

/** The record's attempt, if it is one. */
export function attemptOf(r: DeliveryRecord, detail: RecordDetail): AttemptRecord | undefined {
  if (typeof r.attempt !== 'number') return undefined;
  return {
    attempt: r.attempt,
    at: r.at,
    duration_ms: detail.duration_ms ?? 0,
    outcome: detail.outcome ?? 'failed',
    http_status: r.http_status ?? null,
    response_body: detail.response_body ?? null,
    error: detail.error ?? null,
    error_class: detail.error_class ?? null,
  };
}
