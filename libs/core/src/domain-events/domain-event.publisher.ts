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
    };
    await this.nats.js.publish(domainSubject(event.name), Buffer.from(JSON.stringify(envelope)));
  }
}
