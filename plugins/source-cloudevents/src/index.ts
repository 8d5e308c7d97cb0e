import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { CloudEventsSourcePluginModule } from './cloudevents-source-plugin.module';

export { CloudEventsSourcePlugin } from './cloudevents-source.plugin';
export { CloudEventsSourcePluginModule } from './cloudevents-source-plugin.module';
export { ZOT_SKIPPED } from './zot-event.mapping';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'source-cloudevents',
  module: CloudEventsSourcePluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
