import { defineBuildEvent } from './build-event.definition';
import { BuildSuccessPayload } from './build-success.payload';
import { BUILD_SUCCESS_SAMPLE } from './build-success.sample';

export const BUILD_SUCCESS_EVENT = defineBuildEvent({
  kind: 'build_success',
  title: 'Dockerfile Build Successfully Completed',
  payloadClass: BuildSuccessPayload,
  sample: BUILD_SUCCESS_SAMPLE,
  level: 'success',
  headline: 'Build succeeded',
  verb: 'completed',
});
