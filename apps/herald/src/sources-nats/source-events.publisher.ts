import { validateEvent } from '@herald/events';
import type { SourceEvent } from '@herald/plugin-sdk';
import { eventSubject } from '@herald/transport';
import { headers, JetStreamClient } from 'nats';

/** Which source an event came through, for whoever reads the events stream. */
export const HEADER_SOURCE = 'Herald-Source';

/** Why a translated event cannot be published (a payload the catalogue refuses), or undefined when all can. */
export function refusedSourceEvent(events: readonly SourceEvent[]): string | undefined {
  for (const event of events) {
    const valid = validateEvent(event.kind, event.payload);
    if (!valid.ok) return `event ${event.id}: ${valid.reason}`;
  }
  return undefined;
}

/**
 * Publishes translated events on Herald's events stream exactly as a registry publishing there would: on
 * `registry.events.<kind>` with the event id as Nats-Msg-Id, so a redelivered source message publishes nothing twice.
 * Resolves once JetStream has acknowledged every one.
 */
export async function publishSourceEvents(
  js: JetStreamClient,
  source: string,
  events: readonly SourceEvent[],
): Promise<void> {
  await Promise.all(
    events.map((event) => {
      const h = headers();
      h.set(HEADER_SOURCE, source);
      return js.publish(eventSubject(event.kind), JSON.stringify(event.payload), { msgID: event.id, headers: h });
    }),
  );
}
