import { ApiProperty } from '@nestjs/swagger';

export class SourceResponse {
  @ApiProperty({ example: 'distribution' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String], example: ['application/vnd.docker.distribution.events.v1+json'] })
  media_types!: string[];

  @ApiProperty({ example: '/api/v1/sources/distribution/events', description: "The ingest path, under Herald's URL" })
  endpoint!: string;

  @ApiProperty({ description: 'Whether events of one aggregation key within the window become one' })
  aggregates!: boolean;
}

export class SourceListResponse {
  @ApiProperty({ type: [SourceResponse] })
  sources!: SourceResponse[];

  @ApiProperty({ minimum: 0, description: 'HERALD_SOURCE_AGGREGATION_WINDOW_MS (0: no merging)' })
  aggregation_window_ms!: number;
}

export class SourceSkipResponse {
  @ApiProperty({ example: 'blob push', description: "The registry's own type or action of the skipped event" })
  type!: string;

  @ApiProperty({ example: 'blob events are parts of a push; the manifest push is the event' })
  reason!: string;
}

export class PublishedSourceEventsResponse {
  @ApiProperty({ example: 'distribution' })
  source!: string;

  @ApiProperty({ minimum: 0, description: 'Events stored in the events stream (a retried event is stored once)' })
  published!: number;

  @ApiProperty({
    minimum: 0,
    description: 'Events stored to be merged with others of the same repository once the aggregation window closes',
  })
  merged!: number;

  @ApiProperty({ minimum: 0, description: 'Events that map to no catalogue event' })
  skipped!: number;

  @ApiProperty({ type: [SourceSkipResponse] })
  skips!: SourceSkipResponse[];
}
