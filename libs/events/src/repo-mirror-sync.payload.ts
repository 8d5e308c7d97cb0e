import { StringField } from './payload-field.decorators';
import { RepositoryEventPayload } from './repository-event.payload';

/** The three mirror events carry one free-text `message` from the mirror worker. */
export class RepoMirrorSyncPayload extends RepositoryEventPayload {
  @StringField()
  message!: string;
}
