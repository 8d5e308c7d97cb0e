import { BuildEventPayload } from './build-event.payload';

export class BuildStartPayload extends BuildEventPayload {}
