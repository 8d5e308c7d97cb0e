import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_KINDS } from '@herald/core';

export class AuditPerformer {
  @ApiProperty({ description: "The actor's id: a token subject, or token:<id> for an API token" })
  id!: string;

  @ApiProperty({ enum: ['user', 'api_token', 'system'] })
  kind!: string;
}

export class AuditEntryResponse {
  @ApiProperty({ enum: AUDIT_KINDS })
  kind!: string;

  @ApiProperty({ example: 'acme/web' })
  repository!: string;

  @ApiProperty({ type: String, nullable: true })
  notification_uuid!: string | null;

  @ApiProperty({ type: AuditPerformer })
  performer!: AuditPerformer;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  datetime!: string;
}

export class AuditLogResponse {
  @ApiProperty({ type: [AuditEntryResponse], description: 'Newest first' })
  logs!: AuditEntryResponse[];
}
