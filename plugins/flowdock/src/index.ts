import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { FlowdockPluginModule } from './flowdock-plugin.module';

export { FlowdockConfig } from './flowdock-config.dto';
export { FlowdockPlugin } from './flowdock.plugin';
export { FlowdockPluginModule } from './flowdock-plugin.module';
export { FLOWDOCK_SETTINGS, flowdockSettingsFromEnv } from './flowdock.settings';
export type { FlowdockSettings } from './flowdock.settings';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'flowdock',
  module: FlowdockPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
