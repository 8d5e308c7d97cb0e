import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES } from '@herald/core';
import { EVENT_KINDS } from '@herald/events';

export class RedeliverSinceBody {
  @ApiProperty({
    format: 'date-time',
    description: 'Redeliver every delivery that failed for good since then (ISO 8601)',
    example: '2026-01-01T00:00:00Z',
  })
  since!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  attempt!: number;

  @ApiProperty({ format: 'date-time', description: 'When the attempt started' })
  at!: string;

  @ApiProperty({ type: 'number', minimum: 0 })
  duration_ms!: number;

  @ApiProperty({ enum: ['delivered', 'retry', 'failed'] })
  outcome!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  http_status!: number | null;

  @ApiProperty({ type: String, nullable: true, description: "Truncated, with the notification's config values masked" })
  response_body!: string | null;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'http_5xx',
    description: 'http_5xx, http_4xx, timeout, network...',
  })
  error_class!: string | null;
}

export class DeliveryResponse {
  @ApiProperty({ description: '`<event id>:<notification uuid>`' })
  delivery_id!: string;

  @ApiProperty({ format: 'uuid' })
  notification_uuid!: string;

  @ApiProperty({ enum: EVENT_KINDS })
  event!: string;

  @ApiProperty()
  event_id!: string;

  @ApiProperty({ description: "A test delivery (POST .../test) of the event's sample payload" })
  test!: boolean;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempt_count!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  next_attempt_at!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class DeliveryDetailResponse extends DeliveryResponse {
  @ApiProperty({ type: [DeliveryAttemptResponse], description: 'Oldest first' })
  attempts!: DeliveryAttemptResponse[];

  @ApiProperty({
    description:
      "The event's JSON text exactly as the registry sent it (the body a webhook in its default format POSTs; " +
      "for a test delivery, the event's sample)",
  })
  payload_json!: string;
}

export class DeliveryListResponse {
  @ApiProperty({ type: [DeliveryResponse], description: 'Newest first, without their attempts' })
  deliveries!: DeliveryResponse[];
}

export class RedeliveryResponse {
  @ApiProperty()
  delivery_id!: string;

  @ApiProperty({ enum: ['pending'] })
  status!: string;
}

export class RedeliverSinceResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'At most 1000 a request: repeat it while it is 1000' })
  redelivered!: number;

  @ApiProperty({ type: [String] })
  delivery_ids!: string[];
}
