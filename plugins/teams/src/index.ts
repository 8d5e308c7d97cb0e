import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { TeamsPluginModule } from './teams-plugin.module';

export { TeamsConfig } from './teams-config.dto';
export { TeamsPlugin } from './teams.plugin';
export { TeamsPluginModule } from './teams-plugin.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'teams',
  module: TeamsPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
