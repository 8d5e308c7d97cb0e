import { BooleanField, NestedField, StringField, StringListField } from './payload-field.decorators';
import { RepositoryEventPayload } from './repository-event.payload';
import { TriggerMetadata } from './trigger-metadata.payload';

/** Fields shared by the Dockerfile build events. */
export abstract class BuildEventPayload extends RepositoryEventPayload {
  @StringField()
  build_id!: string;

  @StringListField()
  docker_tags!: string[];

  // The seed shows it for queued builds only; optional everywhere so that any emitter's build events pass.
  @BooleanField('optional')
  is_manual?: boolean;

  @StringField('optional')
  trigger_kind?: string;

  @StringField('optional')
  trigger_id?: string;

  @NestedField(() => TriggerMetadata, 'optional')
  trigger_metadata?: TriggerMetadata;
}
