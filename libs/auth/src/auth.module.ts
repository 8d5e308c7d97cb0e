import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiToken, ApiTokenSchema } from './api-token.schema';
import { ApiTokenStore } from './api-token.store';
import { AuthGuard } from './auth.guard';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { Authenticator } from './authenticator.service';
import { JwtVerifier } from './jwt.verifier';

/** Bearer JWTs and API tokens resolved to an Actor. Expects a Mongoose connection (MongooseModule.forRoot). */
@Module({})
export class AuthModule {
  static register(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      // Global so the command handlers (ApiTokenCommandsModule) and any controller reach the store and the guard.
      global: true,
      imports: [MongooseModule.forFeature([{ name: ApiToken.name, schema: ApiTokenSchema }])],
      providers: [{ provide: AUTH_SETTINGS, useValue: settings }, JwtVerifier, ApiTokenStore, Authenticator, AuthGuard],
      exports: [Authenticator, AuthGuard, ApiTokenStore, JwtVerifier, AUTH_SETTINGS],
    };
  }
}
