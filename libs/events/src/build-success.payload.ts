import { StringField, StringListField } from './payload-field.decorators';
import { BuildEventPayload } from './build-event.payload';

export class BuildSuccessPayload extends BuildEventPayload {
  @StringField('optional')
  visibility?: string;

  @StringField('optional')
  image_id?: string;

  @StringListField('optional')
  manifest_digests?: string[];
}
