import { Matches } from 'class-validator';
import { StringField } from './payload-field.decorators';

/**
 * Fields every repository event carries. The index signature reflects that unknown fields are accepted and kept:
 * registries add fields over time and receivers may rely on them.
 */
export abstract class RepositoryEventPayload {
  [field: string]: unknown;

  // "ns/name"; newer Quay allows nested names ("ns/team/app"), hence one or more segments after the namespace.
  @StringField('required', Matches(/^[^/\s]+(\/[^/\s]+)+$/, { message: '$property must look like namespace/name' }))
  repository!: string;

  @StringField()
  namespace!: string;

  @StringField()
  name!: string;

  @StringField()
  docker_url!: string;

  @StringField()
  homepage!: string;
}
