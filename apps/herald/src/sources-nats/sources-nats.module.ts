import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SOURCES_NATS_OPTIONS, SourcesNatsOptions, SourcesNatsService } from './sources-nats.service';

/** Registry events read straight from NATS subjects (see SourcesNatsService); independent of the HTTP ingest. */
@Module({})
export class SourcesNatsModule {
  static register(options: SourcesNatsOptions): DynamicModule {
    return {
      module: SourcesNatsModule,
      imports: [DiscoveryModule],
      providers: [{ provide: SOURCES_NATS_OPTIONS, useValue: options }, SourcesNatsService],
      exports: [SourcesNatsService],
    };
  }
}
