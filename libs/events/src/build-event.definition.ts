import { BuildEventPayload } from './build-event.payload';
import { buildMessage } from './build-event.message';
import { EventDefinition, EventLevel } from './event-definition';

type BuildEventSpec<P extends BuildEventPayload> = Pick<
  EventDefinition<P>,
  'kind' | 'title' | 'payloadClass' | 'sample'
> & {
  level: EventLevel;
  /** Summary prefix, e.g. "Build queued". */
  headline: string;
  /** What the HTML message says the build did, e.g. "failure" in "Build abcdefg failure for ...". */
  verb: string;
};

/** Build events differ only in title, level and headline; Quay shortens the build id to 7 characters. */
export function defineBuildEvent<P extends BuildEventPayload>(spec: BuildEventSpec<P>): EventDefinition<P> {
  const { level, headline, verb, ...definition } = spec;
  return {
    ...definition,
    level: () => level,
    summary: (payload) => `${headline} for repository ${payload.repository} [${payload.build_id.slice(0, 7)}]`,
    message: (payload) => buildMessage(payload, verb),
  };
}
