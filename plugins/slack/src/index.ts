import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { SlackPluginModule } from './slack-plugin.module';

export { SlackConfig } from './slack-config.dto';
export { SlackPlugin } from './slack.plugin';
export { SlackPluginModule } from './slack-plugin.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'slack',
  module: SlackPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
