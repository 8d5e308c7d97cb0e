import type { JsonSchema } from '@herald/plugin-sdk';
import { PersonalQuery } from '../../permissions/herald.command';

export interface MethodView {
  name: string;
  title: string;
  description: string;
  /** JSON Schema draft-07 of the method's `config`, from its plugin's config class. */
  config_schema: JsonSchema;
}

/** The loaded action plugins and their config schemas, for forms generated from what each plugin declares. */
export class ListMethodsQuery extends PersonalQuery<{ methods: MethodView[] }> {}
