import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Quay's error body (`error_message`, `error_type`, `detail`, `status`, `title`) plus `message`: every error answer. */
export class ApiErrorResponse {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated', example: 400 })
  status!: number;

  @ApiProperty({ description: "Quay's error type", example: 'invalid_request' })
  error_type!: string;

  @ApiProperty({ description: 'The same as error_type', example: 'invalid_request' })
  title!: string;

  @ApiProperty({ example: 'limit must be an integer 1-500' })
  error_message!: string;

  @ApiProperty({ description: 'The same as error_message', example: 'limit must be an integer 1-500' })
  detail!: string;

  @ApiProperty({ description: 'The same as error_message', example: 'limit must be an integer 1-500' })
  message!: string;

  @ApiPropertyOptional({ type: [String], description: 'On a 400 for invalid fields: one message per problem' })
  errors?: string[];
}
