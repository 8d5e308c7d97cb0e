import { BuildEventPayload } from './build-event.payload';

export class BuildCancelledPayload extends BuildEventPayload {}
