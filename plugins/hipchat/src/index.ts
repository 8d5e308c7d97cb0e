import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { HipchatPluginModule } from './hipchat-plugin.module';

export { HipchatConfig } from './hipchat-config.dto';
export { HipchatPlugin } from './hipchat.plugin';
export { HipchatPluginModule } from './hipchat-plugin.module';
export { HIPCHAT_SETTINGS, hipchatSettingsFromEnv } from './hipchat.settings';
export type { HipchatSettings } from './hipchat.settings';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'hipchat',
  module: HipchatPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
