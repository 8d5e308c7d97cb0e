import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { SourceEvent } from '@herald/plugin-sdk';
import { eventSubject, NatsClient, sourcePendingSubject } from '@herald/transport';

const PUBLISH_TIMEOUT_MS = 10_000;

/** A source event waiting in HERALD_SOURCE_PENDING for its window. */
export interface StagedSourceEvent {
  source: string;
  event: SourceEvent;
}

/**
 * Stores source events in JetStream, each with its id as Nats-Msg-Id so a registry's retry is stored once: straight
 * on `registry.events.<kind>` (the path every published event takes: validation, dead letters, dispatch), or staged
 * for aggregation. Resolves only once JetStream acked, so a 2xx to the registry means stored.
 */
@Injectable()
export class SourceEventPublisher {
  constructor(private readonly nats: NatsClient) {}

  publish(event: SourceEvent): Promise<void> {
    return this.store(eventSubject(event.kind), JSON.stringify(event.payload), event.id);
  }

  stage(source: string, event: SourceEvent): Promise<void> {
    const staged: StagedSourceEvent = { source, event };
    return this.store(sourcePendingSubject(source), JSON.stringify(staged), event.id);
  }

  private async store(subject: string, body: string, id: string): Promise<void> {
    try {
      await this.nats.js.publish(subject, body, { msgID: id, timeout: PUBLISH_TIMEOUT_MS });
    } catch (err) {
      // The registry retries on any non-2xx: a 503 says "later", and nothing was acknowledged.
      throw new ServiceUnavailableException(`JetStream did not store the event: ${(err as Error).message}`);
    }
  }
}
