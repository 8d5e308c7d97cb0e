import { QueryHandler } from '@nestjs/cqrs';
import { configJsonSchema } from '@herald/plugin-sdk';
import { ActionRegistry } from '../../actions/action-registry.service';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ListMethodsQuery, MethodView } from './list-methods.query';

@QueryHandler(ListMethodsQuery)
export class ListMethodsHandler extends AuthorizedHandler<ListMethodsQuery, { methods: MethodView[] }> {
  /** The plugins are fixed once loaded, so the schemas are made once. */
  private cached?: MethodView[];

  constructor(private readonly actions: ActionRegistry) {
    super();
  }

  protected handle(): Promise<{ methods: MethodView[] }> {
    this.cached ??= this.actions.methods().map((name) => {
      const plugin = this.actions.get(name);
      return {
        name,
        title: plugin?.title ?? name,
        description: plugin?.description ?? '',
        config_schema: plugin ? configJsonSchema(plugin.configClass) : { type: 'object', properties: {} },
      };
    });
    return Promise.resolve({ methods: this.cached });
  }
}
