import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_KINDS } from '@herald/events';

/** Quay's create body. Validation happens in the command path, so every entry point gets the same messages. */
export class CreateNotificationBody {
  @ApiProperty({ enum: EVENT_KINDS, example: 'repo_push' })
  event!: string;

  @ApiProperty({ description: 'An action plugin method, e.g. webhook', example: 'webhook' })
  method!: string;

  @ApiProperty({
    description: "The method's settings; validated by its plugin",
    example: { url: 'https://ci.example.com/hook' },
  })
  config!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Event filters: ref-regex (build events), level (vulnerability_found), tag-regex',
    example: {},
  })
  eventConfig?: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 255 })
  title?: string;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' })
  uuid!: string;

  @ApiProperty({ nullable: true, type: String })
  title!: string | null;

  @ApiProperty({ enum: EVENT_KINDS })
  event!: string;

  @ApiProperty()
  method!: string;

  @ApiProperty({ type: Object })
  config!: Record<string, unknown>;

  @ApiProperty({ type: Object })
  event_config!: Record<string, unknown>;

  @ApiProperty()
  number_of_failures!: number;
}

export class NotificationListResponse {
  @ApiProperty({ type: [NotificationResponse] })
  notifications!: NotificationResponse[];
}

export class ApiErrorResponse {
  @ApiProperty()
  status!: number;

  @ApiProperty({ example: 'invalid_request' })
  error_type!: string;

  @ApiProperty()
  error_message!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({ type: [String] })
  errors?: string[];
}
