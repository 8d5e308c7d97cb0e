import { ApiProperty } from '@nestjs/swagger';

/** Quay's authorizedemail answer; the confirmation code is never part of it. */
export class AuthorizedEmailResponse {
  @ApiProperty({ format: 'email', example: 'ops@example.com' })
  email!: string;

  @ApiProperty({ description: "The repository's name within its namespace", example: 'web' })
  repository!: string;

  @ApiProperty({ example: 'acme' })
  namespace!: string;

  @ApiProperty({ description: 'Whether the owner of the address followed the confirmation link' })
  confirmed!: boolean;
}
