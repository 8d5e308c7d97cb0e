import { defineBuildEvent } from './build-event.definition';
import { BuildFailurePayload } from './build-failure.payload';
import { BUILD_FAILURE_SAMPLE } from './build-failure.sample';

export const BUILD_FAILURE_EVENT = defineBuildEvent({
  kind: 'build_failure',
  title: 'Dockerfile Build Failed',
  payloadClass: BuildFailurePayload,
  sample: BUILD_FAILURE_SAMPLE,
  level: 'error',
  headline: 'Build failure',
  verb: 'failure',
});
