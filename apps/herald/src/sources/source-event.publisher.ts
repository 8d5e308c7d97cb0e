import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { SourceEvent } from '@herald/plugin-sdk';
import { eventSubject, NatsClient, sourcePendingSubject } from '@herald/transport';
import { headers, JetStreamClient } from 'nats';

const PUBLISH_TIMEOUT_MS = 10_000;

/** Which source an event came through, for whoever reads the events stream. */
export const HEADER_SOURCE = 'Herald-Source';

/** A source event waiting in HERALD_SOURCE_PENDING for its window. */
export interface StagedSourceEvent {
  source: string;
  event: SourceEvent;
}

function store(js: JetStreamClient, source: string, subject: string, body: string, id: string) {
  const h = headers();
  h.set(HEADER_SOURCE, source);
  return js.publish(subject, body, { msgID: id, headers: h, timeout: PUBLISH_TIMEOUT_MS });
}

/**
 * Publishes translated events on Herald's events stream exactly as a registry publishing there would: on
 * `registry.events.<kind>` (validation, dead letters, dispatch) with the event id as Nats-Msg-Id, so a registry's
 * retry or a redelivered source message is stored once. Resolves once JetStream acknowledged every one; the one path
 * of the HTTP ingest, the aggregator's merged events and a source's NATS consumer.
 */
export async function publishSourceEvents(
  js: JetStreamClient,
  source: string,
  events: readonly SourceEvent[],
): Promise<void> {
  await Promise.all(events.map((e) => store(js, source, eventSubject(e.kind), JSON.stringify(e.payload), e.id)));
}

/** publishSourceEvents and staging for aggregation, as the HTTP answers need them: a failure is a 503. */
@Injectable()
export class SourceEventPublisher {
  constructor(private readonly nats: NatsClient) {}

  publish(source: string, events: readonly SourceEvent[]): Promise<void> {
    return this.stored(publishSourceEvents(this.nats.js, source, events));
  }

  stage(source: string, events: readonly SourceEvent[]): Promise<void> {
    const staged = events.map((event) => {
      const body: StagedSourceEvent = { source, event };
      return store(this.nats.js, source, sourcePendingSubject(source), JSON.stringify(body), event.id);
    });
    return this.stored(Promise.all(staged));
  }

  private async stored(acks: Promise<unknown>): Promise<void> {
    try {
      await acks;
    } catch (err) {
      // The registry retries on any non-2xx: a 503 says "later", and nothing was acknowledged.
      throw new ServiceUnavailableException(`JetStream did not store the event: ${(err as Error).message}`);
    }
  }
}
