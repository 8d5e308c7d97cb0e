import { Injectable } from '@nestjs/common';
import {
  AggregatingSourcePlugin,
  HeraldSourcePlugin,
  mergeRepoPushes,
  SourceContext,
  SourceEvent,
  sourceEventId,
  SourceInputError,
  SourceRequest,
  SourceTranslation,
} from '@herald/plugin-sdk';
import { BATCH, CloudEvent, readCloudEvents, STRUCTURED } from './cloudevent.shape';
import { translateZotEvent } from './zot-event.mapping';

/** Printable ASCII without spaces: safe as a Nats-Msg-Id header as it stands. */
const READABLE_ID = /^[\x21-\x7e]{1,200}$/;

/** CloudEvents guarantee `source` + `id` unique; kept readable where they can be, hashed where they cannot. */
function eventIdOf(event: CloudEvent): string {
  const readable = `${event.source}/${event.id}`;
  return READABLE_ID.test(readable) ? readable : sourceEventId('cloudevents', [event.source, event.id]);
}

/** CloudEvents 1.0 from zot's events extension (HTTP sink, or its NATS sink through Herald's NATS consumer). */
@Injectable()
@HeraldSourcePlugin()
export class CloudEventsSourcePlugin implements AggregatingSourcePlugin {
  readonly name = 'cloudevents';
  readonly description = "CloudEvents 1.0 (structured, binary or batch), mapped from zot's events extension";
  readonly mediaTypes = [STRUCTURED, BATCH, 'application/json'] as const;

  translate(request: SourceRequest, context: SourceContext): SourceTranslation {
    const result: SourceTranslation = { events: [], skipped: [] };
    const seen = new Set<string>();
    for (const event of readCloudEvents(request)) {
      const id = eventIdOf(event);
      // A batch naming one event twice is not something a registry sends by mistake.
      if (seen.has(id)) throw new SourceInputError(`the batch holds event ${id} twice`);
      seen.add(id);
      const mapped = translateZotEvent(event, context);
      if ('skipped' in mapped) result.skipped.push(mapped.skipped);
      else result.events.push({ ...mapped.event, id });
    }
    return result;
  }

  merge(events: readonly SourceEvent[]): SourceEvent {
    return mergeRepoPushes(events);
  }
}
