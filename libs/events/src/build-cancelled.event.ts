import { defineBuildEvent } from './build-event.definition';
import { BuildCancelledPayload } from './build-cancelled.payload';
import { BUILD_CANCELLED_SAMPLE } from './build-cancelled.sample';

export const BUILD_CANCELLED_EVENT = defineBuildEvent({
  kind: 'build_cancelled',
  title: 'Dockerfile Build Cancelled',
  payloadClass: BuildCancelledPayload,
  sample: BUILD_CANCELLED_SAMPLE,
  level: 'info',
  headline: 'Build cancelled',
  verb: 'canceled',
});
