import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiTokenCommandsModule, AuthModule } from '@herald/auth';
import { CoreModule, EncryptionKey } from '@herald/core';
import { configureOutboundPolicy } from '@herald/plugin-sdk';
import { TransportModule } from '@herald/transport';
import type { HeraldConfig } from './config/herald.config';
import { ApiTokensController } from './api/api-tokens.controller';
import { AuditLogController } from './api/audit-log.controller';
import { DeliveriesController } from './api/deliveries.controller';
import { NotificationsController } from './api/notifications.controller';
import { AuthorizedEmailsController } from './api/authorized-emails.controller';
import { EmailConfirmationController } from './api/email-confirmation.controller';
import { SecretsController } from './api/secrets.controller';
import { MethodsController } from './api/methods.controller';
import { UserNotificationsController } from './api/user-notifications.controller';
import { InboxStreamHub } from './inbox-stream/inbox-stream.hub';
import { INBOX_STREAM_SETTINGS } from './inbox-stream/inbox-stream.settings';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import type { LoadedPlugin, PluginLoadFailure } from './plugins/plugin.loader';
import { PLUGIN_LOAD_FAILURES } from './plugins/plugin.tokens';
import { SourcesModule } from './sources/sources.module';

export interface AppModuleOptions {
  config: HeraldConfig & { natsUrl: string; mongoUri: string };
  plugins: LoadedPlugin[];
  pluginFailures: PluginLoadFailure[];
  encryptionKeys: EncryptionKey[];
}

@Module({})
export class AppModule {
  static register({ config, plugins, pluginFailures, encryptionKeys }: AppModuleOptions): DynamicModule {
    // Every plugin's calls go through the SDK's client, which checks them against this policy.
    configureOutboundPolicy(config.outbound);
    return {
      module: AppModule,
      imports: [
        TransportModule.forRoot({
          url: config.natsUrl,
          name: config.instanceName,
          streams: { replicas: config.streamReplicas, lanePartitions: config.core.lanePartitions },
        }),
        MongooseModule.forRoot(config.mongoUri, { dbName: config.mongoDbName, serverSelectionTimeoutMS: 10_000 }),
        CoreModule.register(config.core, { encryptionKeys }),
        AuthModule.register({ ...config.auth, ratePerMinute: config.api.ratePerMinute }),
        ApiTokenCommandsModule,
        SourcesModule.register({
          ...config.sources,
          jsonLimits: config.core.eventLimits,
          env: process.env,
          publicUrl: config.core.publicUrl,
          ackWaitMs: config.core.laneAckWaitMs,
          pinTtlMs: config.core.lanePinTtlMs,
          shutdownTimeoutMs: config.core.shutdownTimeoutMs,
          nats: {
            ackWaitMs: config.core.ackWaitMs,
            maxDeliveries: config.core.maxDeliveries,
            replicas: config.streamReplicas,
          },
        }),
        ...plugins.map((p) => p.module),
      ],
      controllers: [
        HealthController,
        NotificationsController,
        AuditLogController,
        ApiTokensController,
        DeliveriesController,
        SecretsController,
        AuthorizedEmailsController,
        EmailConfirmationController,
        MetricsController,
        MethodsController,
        UserNotificationsController,
      ],
      providers: [
        { provide: PLUGIN_LOAD_FAILURES, useValue: pluginFailures },
        MetricsService,
        { provide: INBOX_STREAM_SETTINGS, useValue: config.stream },
        InboxStreamHub,
      ],
    };
  }
}
