import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryObservation, EngineObserver } from '@herald/core';
import type { ConsumerCounts } from './jetstream-consumers.probe';

/** Where a delivery's latency buckets lie: from a local webhook (ms) to a retry hours later. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36_000];
const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What the scrape reads from the running engine, beside the counters it keeps. */
export interface EngineGauges {
  actors(): { method: string; mailbox: number; retriesPending: number; ownedPartitions: number }[];
  dispatching(): boolean;
  disabledByMethod(): Map<string, number>;
  consumers(): Promise<ConsumerCounts[]>;
}

/**
 * Herald's Prometheus metrics (prefix `herald_`, plus prom-client's process and Node.js defaults). Counters move on the
 * engine's events; gauges are read from the engine when scraped.
 */
export class HeraldMetrics implements EngineObserver {
  readonly registry = new Registry();
  private readonly eventsReceived = new Counter({
    name: 'herald_events_received_total',
    help: 'Registry events handled (acked once their deliveries are in their lanes, or parked), by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly eventsDeadLettered = new Counter({
    name: 'herald_events_dead_lettered_total',
    help: 'Registry events parked on the dead-letter subject, by kind (unknown when the subject names none)',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly eventsMatched = new Counter({
    name: 'herald_events_matched_total',
    help: 'Deliveries created: notifications matched by handled events, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly eventsUnmatched = new Counter({
    name: 'herald_events_unmatched_total',
    help: 'Handled events that matched no notification, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'herald_deliveries_total',
    help: 'Recorded delivery outcomes, one per attempt (delivered, retrying, failed) or cancellation, by method',
    labelNames: ['method', 'outcome'],
    registers: [this.registry],
  });
  private readonly throttledSends = new Counter({
    name: 'herald_deliveries_throttled_total',
    help: 'Sends answered 429 and sent again once the lane slowed down (no retry spent), by method',
    labelNames: ['method'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'herald_delivery_latency_seconds',
    help: "From the registry's publish (JetStream's timestamp) to the delivery's success, retries included, by method",
    labelNames: ['method'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly attemptDuration = new Histogram({
    name: 'herald_delivery_attempt_duration_seconds',
    help: 'One call to the action plugin, whatever its outcome, by method',
    labelNames: ['method'],
    buckets: ATTEMPT_BUCKETS,
    registers: [this.registry],
  });
  private readonly disabledTotal = new Counter({
    name: 'herald_notifications_disabled_total',
    help: 'Notifications this instance disabled after repeated final failures, by method',
    labelNames: ['method'],
    registers: [this.registry],
  });
  private readonly sourceSkipped = new Counter({
    name: 'herald_source_events_skipped_total',
    help: "Events in registries' requests (ingest endpoints and NATS subjects) that map to no catalogue event, by source and type",
    labelNames: ['source', 'type'],
    registers: [this.registry],
  });
  private readonly sourcePublished = new Counter({
    name: 'herald_source_events_total',
    help: 'Catalogue events from event sources (ingest endpoints and NATS subjects) stored in JetStream, by source, kind and outcome (published, staged for merging, merged)',
    labelNames: ['source', 'kind', 'outcome'],
    registers: [this.registry],
  });
  readonly apiRequests = new Counter({
    name: 'herald_api_requests_total',
    help: 'HTTP requests answered, by verb, route template and status',
    labelNames: ['verb', 'route', 'status'],
    registers: [this.registry],
  });

  constructor(gauges: EngineGauges) {
    const actorGauge = (name: string, help: string, read: (a: ReturnType<EngineGauges['actors']>[0]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['method'],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const a of gauges.actors()) this.set({ method: a.method }, read(a));
        },
      });
    actorGauge(
      'herald_lane_mailbox',
      "Deliveries held in this instance's lanes, waiting or running, by plugin",
      (a) => a.mailbox,
    );
    actorGauge(
      'herald_retries_pending',
      "Retries waiting for their time in this instance's lanes, by plugin (an unordered lane's wait in JetStream: see herald_jetstream_consumer_pending)",
      (a) => a.retriesPending,
    );
    actorGauge(
      'herald_lane_partitions_owned',
      'Lane partitions whose pinned consumer this instance holds, by plugin',
      (a) => a.ownedPartitions,
    );
    new Gauge({
      name: 'herald_dispatching',
      help: '1 when this instance holds the dispatcher pin (matches events; JetStream pins with the first message it delivers), 0 otherwise',
      registers: [this.registry],
      collect() {
        this.set(gauges.dispatching() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'herald_notifications_disabled',
      help: 'Notifications disabled by failures now, by method (from the routing index)',
      labelNames: ['method'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [method, n] of gauges.disabledByMethod()) this.set({ method }, n);
      },
    });
    // Both read the same cached consumer info, so a scrape costs one listing per stream at most.
    const consumerGauge = (name: string, help: string, read: (c: ConsumerCounts) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['stream', 'consumer'],
        registers: [this.registry],
        async collect() {
          const counts = await gauges.consumers();
          this.reset();
          for (const c of counts) this.set({ stream: c.stream, consumer: c.consumer }, read(c));
        },
      });
    consumerGauge(
      'herald_jetstream_consumer_pending',
      "JetStream consumers' messages not yet delivered (read on scrape, cached 2 s)",
      (c) => c.pending,
    );
    consumerGauge(
      'herald_jetstream_consumer_ack_pending',
      "JetStream consumers' messages delivered and not yet acknowledged (read on scrape, cached 2 s)",
      (c) => c.ackPending,
    );
    collectDefaultMetrics({ register: this.registry });
  }

  sourceEventSkipped(source: string, type: string): void {
    this.sourceSkipped.inc({ source, type });
  }

  sourceEventPublished(source: string, kind: string, outcome: string): void {
    this.sourcePublished.inc({ source, kind, outcome });
  }

  eventReceived(kind: string): void {
    this.eventsReceived.inc({ kind });
  }
  eventDeadLettered(kind: string): void {
    this.eventsDeadLettered.inc({ kind });
  }
  eventMatched(kind: string, notifications: number): void {
    if (notifications > 0) this.eventsMatched.inc({ kind }, notifications);
    else this.eventsUnmatched.inc({ kind });
  }
  attemptFinished(method: string, durationMs: number): void {
    this.attemptDuration.observe({ method }, durationMs / 1000);
  }
  deliveryOutcome(o: DeliveryObservation): void {
    this.deliveries.inc({ method: o.method, outcome: o.status });
    if (o.status === 'delivered' && !o.test && o.publishedAt) {
      this.latency.observe({ method: o.method }, Math.max(0, Date.now() - o.publishedAt) / 1000);
    }
  }
  throttled(method: string): void {
    this.throttledSends.inc({ method });
  }
  notificationDisabled(method: string): void {
    this.disabledTotal.inc({ method });
  }
}
