import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccessClaimBody {
  @ApiProperty({ enum: ['repository', 'namespace'] })
  type!: string;

  @ApiProperty({ minLength: 1, description: '"ns/repo" for a repository, "ns" for a namespace', example: 'acme/web' })
  name!: string;

  @ApiProperty({ type: [String], example: ['admin'] })
  actions!: string[];
}

export class CreateApiTokenBody {
  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    pattern: '\\S',
    description: 'Not blank; at most 100 UTF-16 code units',
    example: 'ci-bot',
  })
  name!: string;

  @ApiProperty({
    type: [AccessClaimBody],
    minItems: 1,
    description: 'Scopes the creator administers (a superuser: any)',
  })
  access!: AccessClaimBody[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'In the future (any date JavaScript parses is taken); absent or null: the token does not expire',
  })
  expiresAt?: string | null;
}

export class AccessClaimResponse {
  @ApiProperty({ example: 'repository' })
  type!: string;

  @ApiProperty({ example: 'acme/web' })
  name!: string;

  @ApiProperty({ type: [String], example: ['admin'] })
  actions!: string[];
}

export class ApiTokenResponse {
  @ApiProperty({ example: '1Xfh07WldMrT' })
  id!: string;

  @ApiProperty({ example: 'ci-bot' })
  name!: string;

  @ApiProperty({ type: [AccessClaimResponse] })
  access!: AccessClaimResponse[];

  @ApiProperty({ description: "The creator's actor id" })
  created_by!: string;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    // Not `format: date-time`: an expiresAt past the year 9999 is accepted, and written as toISOString writes it.
    pattern: '^[+-]?[0-9]{4,6}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$',
    description: 'ISO 8601 as JavaScript writes it: a year past 9999 is written with six digits and a sign',
    example: '2027-01-01T00:00:00.000Z',
  })
  expires_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_used_at!: string | null;
}

export class CreatedApiTokenResponse extends ApiTokenResponse {
  @ApiProperty({ pattern: '^hrld_', description: 'The token itself: shown this once, never again' })
  token!: string;
}

export class ApiTokenListResponse {
  @ApiProperty({ type: [ApiTokenResponse] })
  tokens!: ApiTokenResponse[];
}
