import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ListSourcesHandler } from './list-sources.handler';
import { PublishSourceEventsHandler } from './publish-source-events.handler';
import { SourcesNatsService } from '../sources-nats/sources-nats.service';
import { SourceAggregator } from './source-aggregator.service';
import { SourceEventPublisher } from './source-event.publisher';
import { SourceEventsHub } from './source-events.hub';
import { SourceRegistry } from './source-registry.service';
import { SOURCES_OPTIONS, SourcesOptions } from './sources.options';
import { SourcesController } from './sources.controller';

/**
 * Event sources: the plugins that map a registry's own requests, their ingest endpoint, the aggregation window, and
 * the consumers of sources read from NATS subjects.
 */
@Module({})
export class SourcesModule {
  static register(options: SourcesOptions): DynamicModule {
    return {
      module: SourcesModule,
      imports: [DiscoveryModule],
      controllers: [SourcesController],
      providers: [
        { provide: SOURCES_OPTIONS, useValue: options },
        SourceRegistry,
        SourceEventPublisher,
        SourceEventsHub,
        SourceAggregator,
        PublishSourceEventsHandler,
        ListSourcesHandler,
        SourcesNatsService,
      ],
      exports: [SourceEventsHub],
    };
  }
}
