import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthGuard, CurrentActor, PublishRoute } from '@herald/auth';
import { ListSourcesQuery, PublishSourceEventsCommand } from '@herald/core';
import type { Actor } from '@herald/core';
import { SOURCE_NAME_PATTERN } from '@herald/plugin-sdk';
import { ApiErrorResponse } from '../api/error.dto';
import { ApiStandardErrors } from '../api/api-docs.decorators';
import { PublishedSourceEventsResponse, SourceListResponse } from './sources.dto';

function headersOf(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Registries that do not publish on NATS themselves post their own events here; a source plugin maps them. */
@ApiTags('sources')
@UseGuards(AuthGuard)
@Controller('api/v1/sources')
export class SourcesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The event sources this Herald loaded, with their ingest endpoints' })
  @ApiResponse({ status: 200, type: SourceListResponse })
  @ApiStandardErrors({ forbidden: 'the bearer is a publish token, which only publishes' })
  list(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListSourcesQuery(actor));
  }

  @Post(':source/events')
  @PublishRoute()
  @HttpCode(202)
  @ApiOperation({
    summary:
      "A registry's notification request (CNCF distribution's envelope, Harbor's webhook, a CloudEvent), published as catalogue events",
    description:
      'Takes a publish token (an API token whose claims are {type: "source", name, actions: ["publish"]}). ' +
      'Answers once JetStream stored every resulting event; a retried request is stored once (the ids follow from ' +
      "the registry's own).",
  })
  @ApiParam({
    name: 'source',
    description: 'The source name',
    schema: { type: 'string', pattern: SOURCE_NAME_PATTERN.source, example: 'distribution' },
  })
  // The loaded sources' media types replace these in the served document (withSourceMediaTypes).
  @ApiConsumes('application/vnd.docker.distribution.events.v1+json', 'application/json')
  @ApiBody({ description: "The registry's own body, in one of the source's media types", schema: { type: 'object' } })
  @ApiResponse({ status: 202, type: PublishedSourceEventsResponse })
  @ApiStandardErrors({
    pathParams: true,
    body: true,
    badRequest: ["the body is not what the source's registry sends: the message says why"],
    forbidden: 'the bearer is not a publish token for this source',
    notFound: 'no source of that name is loaded',
  })
  @ApiResponse({ status: 503, description: 'JetStream did not store the events: retry', type: ApiErrorResponse })
  publish(@CurrentActor() actor: Actor, @Param('source') source: string, @Req() req: Request) {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return this.commands.execute(new PublishSourceEventsCommand(actor, source, { body, headers: headersOf(req) }));
  }
}
