import { defineBuildEvent } from './build-event.definition';
import { BuildStartPayload } from './build-start.payload';
import { BUILD_START_SAMPLE } from './build-start.sample';

export const BUILD_START_EVENT = defineBuildEvent({
  kind: 'build_start',
  title: 'Dockerfile Build Started',
  payloadClass: BuildStartPayload,
  sample: BUILD_START_SAMPLE,
  level: 'info',
  headline: 'Build started',
  verb: 'started',
});
