import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import { Actor, ListMethodsQuery, MethodView } from '@herald/core';
import { ApiStandardErrors } from './api-docs.decorators';
import { MethodListResponse } from './method.dto';

/** The loaded action plugins, each with its config's JSON Schema: what a client builds its forms from. */
@ApiTags('methods')
@UseGuards(AuthGuard)
@Controller('api/v1/methods')
export class MethodsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List the notification methods (action plugins) and their config schemas' })
  @ApiResponse({ status: 200, type: MethodListResponse })
  @ApiStandardErrors()
  list(@CurrentActor() actor: Actor): Promise<{ methods: MethodView[] }> {
    return this.queries.execute(new ListMethodsQuery(actor));
  }
}
