import { defineBuildEvent } from './build-event.definition';
import { BuildQueuedPayload } from './build-queued.payload';
import { BUILD_QUEUED_SAMPLE } from './build-queued.sample';

export const BUILD_QUEUED_EVENT = defineBuildEvent({
  kind: 'build_queued',
  title: 'Dockerfile Build Queued',
  payloadClass: BuildQueuedPayload,
  sample: BUILD_QUEUED_SAMPLE,
  level: 'info',
  headline: 'Build queued',
  verb: 'queued',
});
