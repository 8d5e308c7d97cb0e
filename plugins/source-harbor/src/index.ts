import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { HarborSourcePluginModule } from './harbor-source-plugin.module';

export { HarborSourcePlugin, HARBOR_SKIPPED } from './harbor-source.plugin';
export { HarborSourcePluginModule } from './harbor-source-plugin.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'source-harbor',
  module: HarborSourcePluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
