import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { domainSubject, NatsClient } from '@herald/transport';
import type { NotificationDomainEvent } from './notification.events';

/** Read models that must reflect a change before the command that made it returns (e.g. the routing index). */
export interface SyncProjection {
  apply(event: NotificationDomainEvent): Promise<void>;
}

/** Identifies this process in the domain events it publishes, so it can skip its own when they come back. */
export const INSTANCE_ID = randomUUID();

export interface DomainEventEnvelope {
  name: string;
  uuid: string;
  repository: string;
  actor: string;
  origin: string;
  at: string;
  data: Record<string, unknown>;
}

/** What watchers see of each attempt's outcome on herald.domain.delivery.<status>. */
export interface DeliveryOutcomeEvent {
  delivery_id: string;
  notification_uuid: string;
  repository: string;
  event: string;
  attempt: number;
  status: string;
  http_status: number | null;
  test: boolean;
}

/**
 * Publishes a domain event three ways: to this process's synchronous projections (awaited), to the local CQRS event
 * bus, and on NATS (awaited ack) for every other Herald instance and any outside watcher.
 */
@Injectable()
export class DomainEventPublisher {
  private readonly projections: SyncProjection[] = [];

  constructor(
    private readonly eventBus: EventBus,
    private readonly nats: NatsClient,
  ) {}

  register(projection: SyncProjection): void {
    this.projections.push(projection);
  }

  async publish(event: NotificationDomainEvent): Promise<void> {
    for (const p of this.projections) await p.apply(event);
    this.eventBus.publish(event);
    const envelope: DomainEventEnvelope = {
      name: event.name,
      uuid: event.uuid,
      repository: event.repository,
      actor: event.actorId,
      origin: INSTANCE_ID,
      at: new Date().toISOString(),
      data: event.data,
    };
    await this.nats.js.publish(domainSubject(event.name), Buffer.from(JSON.stringify(envelope)));
  }

  /** Fire and forget: one per attempt, so no ack is awaited on the delivery path (the stream still stores it). */
  deliveryOutcome(outcome: DeliveryOutcomeEvent): void {
    this.nats.nc.publish(domainSubject(`delivery.${outcome.status}`), Buffer.from(JSON.stringify(outcome)));
  }
}
