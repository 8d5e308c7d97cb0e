import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics in the Prometheus text format. Unauthenticated, like /health, for scrapers: it carries counts and
 * names of methods, streams and consumers, no repository, notification or secret. Left out of the OpenAPI document,
 * which describes the notification API.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly service: MetricsService) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    const { registry } = this.service.metrics;
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  }
}
