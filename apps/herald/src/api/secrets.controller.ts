import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import { Actor, RotateSecretsCommand, RotateSecretsResult } from '@herald/core';
import { ApiStandardErrors } from './api-docs.decorators';

class RotateSecretsResponse implements RotateSecretsResult {
  @ApiProperty({ description: 'the key every stored secret is now sealed under' })
  key_id!: string;

  @ApiProperty({ description: 'notifications whose config was sealed again' })
  resealed!: number;

  @ApiProperty({ description: 'notifications read' })
  scanned!: number;
}

/** Deployment-wide operations on the secrets Herald keeps; superusers only. */
@ApiTags('admin')
@ApiStandardErrors({ forbidden: 'the bearer is not a superuser' })
@UseGuards(AuthGuard)
@Controller('api/v1/admin/secrets')
export class SecretsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Seal every stored secret under the first key of HERALD_ENCRYPTION_KEYS, so older keys can be removed',
  })
  @ApiResponse({ status: 200, type: RotateSecretsResponse })
  rotate(@CurrentActor() actor: Actor): Promise<RotateSecretsResult> {
    return this.commands.execute(new RotateSecretsCommand(actor));
  }
}
