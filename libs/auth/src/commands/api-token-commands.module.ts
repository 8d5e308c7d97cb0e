import { Module } from '@nestjs/common';
import { API_TOKEN_HANDLERS } from './api-token.handlers';

/** The token commands; separate from AuthModule because they need the core's command path (CoreModule). */
@Module({ providers: API_TOKEN_HANDLERS })
export class ApiTokenCommandsModule {}
