import { ApiProperty } from '@nestjs/swagger';
import { IN_APP_TARGET_KINDS } from '@herald/plugin-sdk';

export class InAppTargetResponse {
  @ApiProperty({ enum: IN_APP_TARGET_KINDS })
  kind!: string;

  @ApiProperty({ description: 'A user name, `<org>/<team>`, or an organization name', example: 'acme/ops' })
  name!: string;
}

/** Quay's in-app notification, plus who it is for, a one-line summary and a link. */
export class UserNotificationResponse {
  @ApiProperty({ description: 'Sortable in creation order (a MongoDB ObjectId)', example: '6650f0c2a1b2c3d4e5f60718' })
  id!: string;

  @ApiProperty({ description: 'The event kind, or notification_disabled', example: 'repo_push' })
  kind!: string;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The event's payload as the registry sent it; for notification_disabled: repository, notification_uuid, title, " +
      'method, last_error, delivery_log',
  })
  metadata!: Record<string, unknown>;

  @ApiProperty({ description: 'Dismissed by this bearer (each member of a team or organization dismisses their own)' })
  dismissed!: boolean;

  @ApiProperty({ type: String, nullable: true, description: "The target's organization; null for a user target" })
  organization!: string | null;

  @ApiProperty({ type: InAppTargetResponse })
  target!: InAppTargetResponse;

  @ApiProperty({ description: 'One plain-text line', example: 'Repository acme/web has been pushed to' })
  summary!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The event's homepage, or for notification_disabled the console page of the delivery log",
  })
  link!: string | null;
}

export class UserNotificationListResponse {
  @ApiProperty({ type: [UserNotificationResponse], description: 'Newest first' })
  notifications!: UserNotificationResponse[];

  @ApiProperty({ type: 'integer', minimum: 1 })
  page!: number;

  @ApiProperty({ description: 'Whether a next page has more' })
  has_additional!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Undismissed ones visible to this bearer, all pages' })
  unread!: number;
}

export class DismissBody {
  @ApiProperty({ description: 'true dismisses it for this bearer; false brings it back' })
  dismissed!: boolean;
}

export class DismissAllResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many were dismissed' })
  dismissed!: number;
}
