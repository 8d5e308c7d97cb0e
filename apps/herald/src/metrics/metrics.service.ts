import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ActionActors, EngineEvents, EventDispatcher, RoutingIndex } from '@herald/core';
import { ADVISORIES_STREAM, EVENTS_STREAM, LANES_STREAM, NatsClient, SOURCE_PENDING_STREAM } from '@herald/transport';
import { SourceEventsHub } from '../sources/source-events.hub';
import { HeraldMetrics } from './herald.metrics';
import { JetStreamConsumersProbe } from './jetstream-consumers.probe';

/** The process's metrics, wired to the engine: it watches the engine's events and reads its gauges when scraped. */
@Injectable()
export class MetricsService {
  readonly metrics: HeraldMetrics;

  constructor(
    events: EngineEvents,
    actors: ActionActors,
    dispatcher: EventDispatcher,
    index: RoutingIndex,
    nats: NatsClient,
    sources: SourceEventsHub,
  ) {
    const probe = new JetStreamConsumersProbe(
      () => nats.jsm,
      [EVENTS_STREAM, LANES_STREAM, ADVISORIES_STREAM, SOURCE_PENDING_STREAM],
    );
    this.metrics = new HeraldMetrics({
      actors: () =>
        actors.list().map((a) => ({
          method: a.method,
          mailbox: a.mailbox,
          retriesPending: a.retriesPending,
          ownedPartitions: a.ownedPartitions,
        })),
      dispatching: () => dispatcher.dispatching,
      disabledByMethod: () => index.disabledByMethod(),
      consumers: () => probe.read(),
    });
    events.observe(this.metrics);
    sources.observe(this.metrics);
  }

  /** Express middleware counting every answered request by its route template (never the raw path: ids in it). */
  countRequests() {
    return (req: Request, res: Response, next: NextFunction): void => {
      res.once('finish', () => {
        const route = req.route as { path?: string } | undefined;
        this.metrics.apiRequests.inc({
          verb: req.method,
          route: route?.path ? `${req.baseUrl}${route.path}` : 'unmatched',
          status: String(res.statusCode),
        });
      });
      next();
    };
  }
}
