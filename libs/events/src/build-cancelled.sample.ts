import { BuildCancelledPayload } from './build-cancelled.payload';
import { BUILD_START_SAMPLE } from './build-start.sample';
import { deepFreeze } from './deep-freeze';

/** A cancelled build carries what a started one does (Quay's samples for the two differ only in image_id). */
export const BUILD_CANCELLED_SAMPLE: Readonly<BuildCancelledPayload> = deepFreeze(structuredClone(BUILD_START_SAMPLE));
