import type { SourceEvent } from './source-plugin.interface';
import { sourceEventId } from './source-event-id';

/** `repo_push:<repository>`: the aggregation key of a source's pushes, as one push operation is one Quay event. */
export function repoPushAggregationKey(repository: string): string {
  return `repo_push:${repository}`;
}

/**
 * The usual merge() of a source whose `repo_push` events carry `updated_tags` as a tag→digest map: the first event's
 * payload with the union of every event's tags (a tag pushed twice keeps its latest digest), under an id derived from
 * all of theirs, so the merged event of the same retried requests keeps its id.
 */
export function mergeRepoPushes(events: readonly SourceEvent[]): SourceEvent {
  if (events.length === 0) throw new Error('mergeRepoPushes needs at least one event');
  if (events.length === 1) return events[0];
  const [first] = events;
  const updatedTags: Record<string, string> = {};
  for (const event of events) Object.assign(updatedTags, event.payload.updated_tags as Record<string, string>);
  return {
    ...first,
    payload: { ...first.payload, updated_tags: updatedTags },
    id: sourceEventId(
      'merged',
      events.map((e) => e.id),
    ),
  };
}
