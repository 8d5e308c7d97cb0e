import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_KINDS, VULNERABILITY_PRIORITIES } from '@herald/events';

const PRIORITY_NAMES = Object.keys(VULNERABILITY_PRIORITIES);
const MAX_LEVEL = Math.max(...Object.values(VULNERABILITY_PRIORITIES));

/**
 * Quay's create body. Validation happens in the command path, so every entry point gets the same messages; this is
 * what it accepts. `method` lists the loaded plugins' methods (filled in when the document is built).
 */
export class CreateNotificationBody {
  @ApiProperty({ enum: EVENT_KINDS, example: 'repo_push' })
  event!: string;

  @ApiProperty({ description: 'The method of a loaded action plugin', example: 'webhook' })
  method!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The method's settings, validated by its plugin; webhook: `url`, an http:// or https:// address, and optional " +
      '`template`, `format` (event or cloudevents), `headers`, `signing` (see the README); ' +
      'slack: `url`, an https:// hook; hipchat: `room_id`, `notification_token`; flowdock: `flow_api_token`. ' +
      'email: `email`, an address confirmed for the repository (see authorizedemail). ' +
      'Keys the plugin does not know are kept.',
    example: { url: 'https://ci.example.com/hook' },
  })
  config!: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: false,
    description:
      'Event filters, each allowed on some events only: `ref-regex` on build events (matched against the start of ' +
      'the ref, as Quay), `level` on vulnerability_found (that priority or worse), `days` on repo_image_expiry ' +
      '(images expiring within that many days), `tag-regex` on every event with tags. ' +
      'An empty string or null is no filter.',
    properties: {
      'ref-regex': { type: 'string', nullable: true, description: 'A JavaScript regular expression' },
      'tag-regex': { type: 'string', nullable: true, description: 'A JavaScript regular expression' },
      level: {
        nullable: true,
        description: `A priority index 0-${MAX_LEVEL} (0 is ${PRIORITY_NAMES[0]}), as a number or a digit string, or a name: ${PRIORITY_NAMES.join(', ')}`,
        oneOf: [{ type: 'integer', minimum: 0, maximum: MAX_LEVEL }, { type: 'string' }],
      },
      days: {
        nullable: true,
        description: 'Days before expiry, a whole number above 0, as a number or a digit string',
        oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string' }],
      },
    },
    example: { 'tag-regex': '^v[0-9]+' },
  })
  eventConfig?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 255,
    description: 'At most 255 UTF-16 code units; an empty string or null is no title',
    example: 'CI hook',
  })
  title?: string | null;

  @ApiPropertyOptional({
    enum: ['strict', 'none'],
    default: 'strict',
    description:
      'strict: deliveries leave one at a time in publish order, and a delivery waiting for its retry holds the ' +
      'ones behind it. none: up to max_in_flight at once, retries beside newer deliveries.',
  })
  ordering?: 'strict' | 'none';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    nullable: true,
    description:
      'Deliveries in flight at once, with ordering "none" only (default 8, at most the plugin\'s concurrency)',
  })
  max_in_flight?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: false,
    required: ['per_second'],
    description: 'Sends per second to the target, held by the instance that owns the lane; a 429 slows the lane too',
    properties: {
      per_second: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10000 },
      burst: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
    },
    example: { per_second: 1 },
  })
  rate_limit?: { per_second: number; burst?: number } | null;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' })
  uuid!: string;

  @ApiProperty({ type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ enum: EVENT_KINDS })
  event!: string;

  @ApiProperty({ example: 'webhook' })
  method!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  config!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The filters as stored (`level` as its index)',
  })
  event_config!: Record<string, unknown>;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Consecutive final failures; at 3 it is disabled' })
  number_of_failures!: number;

  @ApiProperty({ enum: ['strict', 'none'] })
  ordering!: 'strict' | 'none';

  @ApiProperty({ type: 'integer', minimum: 1 })
  max_in_flight!: number;

  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { per_second: { type: 'number' }, burst: { type: 'integer' } },
  })
  rate_limit!: { per_second: number; burst: number } | null;
}

export class NotificationListResponse {
  @ApiProperty({ type: [NotificationResponse] })
  notifications!: NotificationResponse[];
}
