import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import { AuthorizedHandler, ListSourcesQuery, SourceView } from '@herald/core';
import { canMerge } from '@herald/plugin-sdk';
import { SourceRegistry } from './source-registry.service';
import { SOURCES_OPTIONS, SourcesOptions } from './sources.options';

@QueryHandler(ListSourcesQuery)
export class ListSourcesHandler extends AuthorizedHandler<
  ListSourcesQuery,
  { sources: SourceView[]; aggregation_window_ms: number }
> {
  constructor(
    private readonly registry: SourceRegistry,
    @Inject(SOURCES_OPTIONS) private readonly options: SourcesOptions,
  ) {
    super();
  }

  protected async handle(): Promise<{ sources: SourceView[]; aggregation_window_ms: number }> {
    const sources = this.registry.names().map((name) => {
      const { plugin } = this.registry.get(name)!;
      return {
        name,
        description: plugin.description,
        media_types: [...plugin.mediaTypes],
        endpoint: `/api/v1/sources/${name}/events`,
        aggregates: this.options.aggregationWindowMs > 0 && canMerge(plugin),
      };
    });
    return { sources, aggregation_window_ms: this.options.aggregationWindowMs };
  }
}
