import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsClient } from '@herald/transport';
import { SourceEventsHub } from '../sources/source-events.hub';
import { SourceRegistry } from '../sources/source-registry.service';
import { sourceEnvPrefix } from '../sources/source-settings';
import { SOURCES_OPTIONS, SourcesOptions } from '../sources/sources.options';
import { SourceNatsConsumer } from './source-nats.consumer';
import { checkSourceSubject } from './source-subject';

/**
 * One NATS consumer per loaded source with `HERALD_SOURCE_<NAME>_NATS_SUBJECT` set (zot's NATS sink is the reason): a
 * registry that publishes its own event format on NATS, translated by the same plugin, with the same settings, as its
 * HTTP requests, and counted in the same metrics.
 */
@Injectable()
export class SourcesNatsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SourcesNats');
  private readonly consumers: SourceNatsConsumer[] = [];

  constructor(
    private readonly registry: SourceRegistry,
    private readonly hub: SourceEventsHub,
    private readonly nats: NatsClient,
    @Inject(SOURCES_OPTIONS) private readonly options: SourcesOptions,
  ) {}

  get running(): readonly SourceNatsConsumer[] {
    return this.consumers;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { env, nats } = this.options;
    const sources = this.registry.all();
    for (const { plugin, context } of sources) {
      const subject = context.settings.nats_subject;
      if (!subject) continue;
      checkSourceSubject(`${sourceEnvPrefix(plugin.name)}NATS_SUBJECT`, subject);
      const consumer = new SourceNatsConsumer(
        this.nats,
        { plugin, subject, stream: context.settings.nats_stream, context },
        { ...nats, logger: this.logger, observer: this.hub },
      );
      await consumer.start();
      this.consumers.push(consumer);
    }
    // A subject set for a source that is not loaded would otherwise be ignored without a word.
    const known = new Set(sources.map((s) => `${sourceEnvPrefix(s.plugin.name)}NATS_SUBJECT`));
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
