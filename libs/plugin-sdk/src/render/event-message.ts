import { EVENT_CATALOGUE, EventLevel } from '@herald/events';
import { isWebLink } from '../html-escape';
import { EventFact, EventFactOptions, eventFacts } from './event-facts';

/** Everything a chat-like action (a card, an embed, a message) shows about one event. */
export interface EventMessage {
  /** The kind's human title, e.g. "Push to Repository". */
  title: string;
  /** The catalogue's one-line summary, e.g. "Repository ns/app updated": the message's heading. */
  summary: string;
  level: EventLevel;
  facts: EventFact[];
  /** The payload's `homepage` when it is an http(s) URL (receivers refuse links of other schemes). */
  link?: string;
}

/**
 * The event as the catalogue describes it: title, summary and level from its definition, facts from the payload.
 * A kind missing from the catalogue (a host older than its registry) still reads sensibly, as its name.
 */
export function eventMessage(
  event: string,
  payload: Record<string, unknown>,
  opts: EventFactOptions = {},
): EventMessage {
  const definition = (EVENT_CATALOGUE as Record<string, (typeof EVENT_CATALOGUE)[keyof typeof EVENT_CATALOGUE]>)[event];
  const repository = typeof payload.repository === 'string' ? payload.repository : 'a repository';
  return {
    title: definition?.title ?? event,
    summary: definition?.summary(payload) ?? `${event} for repository ${repository}`,
    level: definition?.level(payload) ?? 'info',
    facts: eventFacts(payload, opts),
    link: isWebLink(payload.homepage) ? payload.homepage : undefined,
  };
}
