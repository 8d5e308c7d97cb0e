import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HERALD_SOURCE_PLUGIN, SourcePlugin } from '@herald/plugin-sdk';
import { NatsClient } from '@herald/transport';
import { SourceNatsConsumer } from './source-nats.consumer';
import { sourceEnvPrefix, sourceSettingsFromEnv } from './source-settings';
import { checkSourceSubject } from './source-subject';

export interface SourcesNatsOptions {
  env: NodeJS.ProcessEnv;
  publicUrl: string;
  ackWaitMs: number;
  maxDeliveries: number;
  shutdownTimeoutMs: number;
  replicas: number;
}

export const SOURCES_NATS_OPTIONS = Symbol('SOURCES_NATS_OPTIONS');

/**
 * One NATS consumer per source plugin with `HERALD_SOURCE_<NAME>_NATS_SUBJECT` set (zot's NATS sink is the reason):
 * a registry that publishes its own event format on NATS, translated by the same plugin as its HTTP requests.
 */
@Injectable()
export class SourcesNatsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SourcesNats');
  private readonly consumers: SourceNatsConsumer[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly nats: NatsClient,
    @Inject(SOURCES_NATS_OPTIONS) private readonly options: SourcesNatsOptions,
  ) {}

  get running(): readonly SourceNatsConsumer[] {
    return this.consumers;
  }

  private sourcePlugins(): SourcePlugin[] {
    return this.discovery
      .getProviders()
      .filter((w) => w.metatype && Reflect.getMetadata(HERALD_SOURCE_PLUGIN, w.metatype) && w.instance)
      .map((w) => w.instance as SourcePlugin);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { env } = this.options;
    const plugins = this.sourcePlugins();
    for (const plugin of plugins) {
      const settings = sourceSettingsFromEnv(plugin.name, env);
      if (!settings.nats_subject) continue;
      checkSourceSubject(`${sourceEnvPrefix(plugin.name)}NATS_SUBJECT`, settings.nats_subject);
      const consumer = new SourceNatsConsumer(
        this.nats,
        {
          plugin,
          subject: settings.nats_subject,
          stream: settings.nats_stream,
          context: { settings, publicUrl: this.options.publicUrl },
        },
        {
          ackWaitMs: this.options.ackWaitMs,
          maxDeliveries: this.options.maxDeliveries,
          replicas: this.options.replicas,
          logger: this.logger,
        },
      );
      await consumer.start();
      this.consumers.push(consumer);
    }
    // A subject set for a source that is not loaded would otherwise be ignored without a word.
    const known = new Set(plugins.map((p) => `${sourceEnvPrefix(p.name)}NATS_SUBJECT`));
    for (const key of Object.keys(env)) {
      if (/^HERALD_SOURCE_\w+_NATS_SUBJECT$/.test(key) && env[key]?.trim() && !known.has(key)) {
        this.logger.warn(`${key} is set but no loaded source plugin has that name; nothing consumes it`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop(this.options.shutdownTimeoutMs)));
  }
}
