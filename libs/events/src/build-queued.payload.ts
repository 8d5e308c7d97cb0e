import { BuildEventPayload } from './build-event.payload';

export class BuildQueuedPayload extends BuildEventPayload {}
