import { PayloadField } from './payload-field.decorators';
import { RepositoryEventPayload } from './repository-event.payload';
import { IsUpdatedTags } from './updated-tags.validator';

export class RepoPushPayload extends RepositoryEventPayload {
  @PayloadField('required', IsUpdatedTags())
  updated_tags!: Record<string, string> | string[];
}
