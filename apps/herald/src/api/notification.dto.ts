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
      "The method's settings, validated by its plugin; webhook: `url`, an http:// or https:// address; " +
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
      'the ref, as Quay), `level` on vulnerability_found (that priority or worse), `tag-regex` on every event. ' +
      'An empty string or null is no filter.',
    properties: {
      'ref-regex': { type: 'string', nullable: true, description: 'A JavaScript regular expression' },
      'tag-regex': { type: 'string', nullable: true, description: 'A JavaScript regular expression' },
      level: {
        nullable: true,
        description: `A priority index 0-${MAX_LEVEL} (0 is ${PRIORITY_NAMES[0]}), as a number or a digit string, or a name: ${PRIORITY_NAMES.join(', ')}`,
        oneOf: [{ type: 'integer', minimum: 0, maximum: MAX_LEVEL }, { type: 'string' }],
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
}

export class NotificationListResponse {
  @ApiProperty({ type: [NotificationResponse] })
  notifications!: NotificationResponse[];
}
