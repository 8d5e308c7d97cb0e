import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { QuayNotificationPluginModule } from './quay-notification-plugin.module';

export { QuayNotificationConfig, QuayNotificationTarget } from './quay-notification-config.dto';
export { QuayNotificationPlugin } from './quay-notification.plugin';
export { QuayNotificationPluginModule } from './quay-notification-plugin.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'quay_notification',
  module: QuayNotificationPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
