import { StringField, StringListField } from './payload-field.decorators';
import { RepositoryEventPayload } from './repository-event.payload';

export class RepoImageExpiryPayload extends RepositoryEventPayload {
  @StringListField()
  tags!: string[];

  /** "N days", as Quay's expiry worker writes it; the `days` filter reads N. Optional, as in Quay's template. */
  @StringField('optional')
  expiring_in?: string;
}
