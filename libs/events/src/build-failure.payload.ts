import { StringField } from './payload-field.decorators';
import { BuildEventPayload } from './build-event.payload';

export class BuildFailurePayload extends BuildEventPayload {
  @StringField()
  error_message!: string;
}
